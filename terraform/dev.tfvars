# Example values for a dev environment:
#   terraform init -backend-config=backend-dev.hcl
#   terraform apply -var-file=dev.tfvars
# Replace the host, the certificate and the GitHub repository with yours.

environment = "dev"
region      = "eu-west-1"

ingress_host    = "pixtools-dev.example.com"
certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"

# Reachable from anywhere; narrow it (office or VPN ranges) for a private dev environment.
alb_ingress_cidrs = ["0.0.0.0/0"]

# Small and cheap: one NAT gateway, two Spot nodes, a single-AZ database that may be thrown away.
single_nat_gateway       = true
k3s_instance_types       = ["m6i.xlarge", "m6a.xlarge", "m5.xlarge", "m5a.xlarge"]
k3s_min_size             = 2
k3s_desired_capacity     = 2
k3s_max_size             = 4
db_instance_class        = "db.t4g.medium"
db_multi_az              = false
db_backup_retention_days = 3
db_deletion_protection   = false
db_skip_final_snapshot   = true
s3_force_destroy         = true

# RabbitMQ and Redis as Services in the pixtools namespace (see the README section).
rabbitmq_host = "rabbitmq"
redis_host    = "redis"

alarm_email = ""
# After the first deployment: aws elbv2 describe-load-balancers --names pixtools-dev --query 'LoadBalancers[0].LoadBalancerArn'
# and set the part after "loadbalancer/", e.g. "app/pixtools-dev/0123456789abcdef".
alb_arn_suffix = ""

# The cd-dev.yml job runs in the GitHub environment "dev"; the first environment of an account creates the provider.
github_oidc_subjects        = ["repo:example-org/pixtools:environment:dev"]
create_github_oidc_provider = true

tags = {
  CostCenter = "pixtools-dev"
}
