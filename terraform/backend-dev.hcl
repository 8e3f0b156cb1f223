# Partial backend configuration for the dev environment: terraform init -backend-config=backend-dev.hcl
# The bucket must exist beforehand (private, versioned, encrypted); it is not managed by this configuration.
bucket       = "example-pixtools-terraform-state"
key          = "pixtools/dev/terraform.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true
