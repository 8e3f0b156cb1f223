# SSM Parameter Store. Secrets are SecureStrings under <prefix>/secrets/, named like the environment variables that
# read them (manifests/sync-secrets.sh copies them into the Kubernetes Secret pixtools-secrets). The values are
# generated here, so they are also in the Terraform state: keep the state bucket private and encrypted.
# No key_id: the AWS-managed aws/ssm key needs no kms: permission in the readers' policies (same account). A
# customer-managed key would need kms:Decrypt, scoped to that key, for the node and deploy roles.

resource "random_password" "db" {
  length  = 32
  special = false # it also goes into the K3s datastore URL
}

resource "random_password" "rabbitmq" {
  length  = 32
  special = false
}

resource "random_password" "redis" {
  length  = 32
  special = false
}

resource "random_password" "k3s_token" {
  length  = 48
  special = false
}

# The first API key (clients send "Authorization: Bearer <key>"); more with "keys create" (README).
resource "random_password" "api_key" {
  length  = 43
  special = false
}

# Standard Webhooks signing secret: whsec_ followed by base64 of 32 random bytes.
resource "random_bytes" "webhook_secret" {
  length = 32
}

resource "aws_ssm_parameter" "postgres_password" {
  name        = "${local.ssm_prefix}/secrets/POSTGRES_PASSWORD"
  description = "PostgreSQL master password of ${local.name} (POSTGRES_PASSWORD)"
  type        = "SecureString"
  value       = random_password.db.result
}

resource "aws_ssm_parameter" "rabbitmq_password" {
  name        = "${local.ssm_prefix}/secrets/RABBITMQ_PASSWORD"
  description = "RabbitMQ password of the pixtools user (RABBITMQ_PASSWORD)"
  type        = "SecureString"
  value       = random_password.rabbitmq.result
}

resource "aws_ssm_parameter" "redis_password" {
  name        = "${local.ssm_prefix}/secrets/REDIS_PASSWORD"
  description = "Redis password (REDIS_PASSWORD)"
  type        = "SecureString"
  value       = random_password.redis.result
}

resource "aws_ssm_parameter" "api_keys" {
  name        = "${local.ssm_prefix}/secrets/PIXTOOLS_API_KEYS"
  description = "API keys of ${local.name}, comma-separated (PIXTOOLS_API_KEYS)"
  type        = "SecureString"
  value       = "pxt_${random_password.api_key.result}"
}

resource "aws_ssm_parameter" "webhooks_secret" {
  name        = "${local.ssm_prefix}/secrets/PIXTOOLS_WEBHOOKS_SECRET"
  description = "Standard Webhooks signing secret (PIXTOOLS_WEBHOOKS_SECRET)"
  type        = "SecureString"
  value       = "whsec_${random_bytes.webhook_secret.base64}"
}

# The access key of PixTools' IAM user (app-iam.tf), which may use the object bucket only.
resource "aws_ssm_parameter" "s3_access_key" {
  name        = "${local.ssm_prefix}/secrets/S3_ACCESS_KEY"
  description = "Access key ID of the ${local.name}-app IAM user (S3_ACCESS_KEY)"
  type        = "SecureString"
  value       = aws_iam_access_key.app.id
}

resource "aws_ssm_parameter" "s3_secret_key" {
  name        = "${local.ssm_prefix}/secrets/S3_SECRET_KEY"
  description = "Secret access key of the ${local.name}-app IAM user (S3_SECRET_KEY)"
  type        = "SecureString"
  value       = aws_iam_access_key.app.secret
}

resource "aws_ssm_parameter" "k3s_token" {
  name        = "${local.ssm_prefix}/k3s/token"
  description = "K3s cluster token shared by the nodes of ${local.name}"
  type        = "SecureString"
  value       = random_password.k3s_token.result
}

# Non-secret settings the deployment workflows pass to manifests/deploy.sh --settings.
locals {
  deploy_parameters = {
    region                = var.region
    environment           = var.environment
    ingress_host          = var.ingress_host
    public_url            = "https://${var.ingress_host}"
    certificate_arn       = var.certificate_arn
    alb_security_group_id = aws_security_group.alb.id
    alb_target_type       = var.alb_target_type
    postgres_jdbc_url     = local.postgres_jdbc_url
    postgres_user         = var.db_username
    s3_bucket             = aws_s3_bucket.objects.id
    rabbitmq_host         = var.rabbitmq_host
    redis_host            = var.redis_host
    k3s_asg_name          = aws_autoscaling_group.k3s.name
    ecr_repository_url    = aws_ecr_repository.app.repository_url
  }

  postgres_jdbc_url = "jdbc:postgresql://${aws_db_instance.main.address}:${aws_db_instance.main.port}/${var.db_name}?sslmode=require"
}

resource "aws_ssm_parameter" "deploy" {
  for_each    = local.deploy_parameters
  name        = "${local.ssm_prefix}/deploy/${each.key}"
  description = "Deployment setting ${each.key} of ${local.name} (read by the CD workflows)"
  type        = "String"
  value       = each.value
}
