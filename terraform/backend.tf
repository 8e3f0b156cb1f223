# Remote state in S3, configured per environment with a partial configuration file:
#   terraform init -backend-config=backend-dev.hcl
# The state holds the generated passwords (random_password): keep the state bucket private, encrypted and versioned.
terraform {
  backend "s3" {}
}
