output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.main.id
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (ALB, NAT gateways), one per availability zone."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (K3s nodes, RDS), one per availability zone."
  value       = aws_subnet.private[*].id
}

output "k3s_asg_name" {
  description = "Name of the K3s Spot auto-scaling group (the CD workflows pick a node of it for the API tunnel)."
  value       = aws_autoscaling_group.k3s.name
}

output "node_security_group_id" {
  description = "Security group of the K3s nodes."
  value       = aws_security_group.nodes.id
}

output "alb_security_group_id" {
  description = "Security group for the ALB; manifests/deploy.sh puts it on the Ingress."
  value       = aws_security_group.alb.id
}

output "postgres_endpoint" {
  description = "Address and port of the RDS PostgreSQL instance."
  value       = aws_db_instance.main.endpoint
}

output "postgres_jdbc_url" {
  description = "JDBC URL of the PixTools database (POSTGRES_URL, through SSM deploy/postgres_jdbc_url)."
  value       = local.postgres_jdbc_url
}

output "s3_bucket" {
  description = "Name of the object bucket (S3_BUCKET, through SSM deploy/s3_bucket)."
  value       = aws_s3_bucket.objects.id
}

output "app_iam_user_name" {
  description = "IAM user whose access key PixTools uses for the object bucket (S3_ACCESS_KEY / S3_SECRET_KEY under <prefix>/secrets/)."
  value       = aws_iam_user.app.name
}

output "ecr_repository_url" {
  description = "URL of the ECR repository the CD workflows push the image to."
  value       = aws_ecr_repository.app.repository_url
}

output "ssm_prefix" {
  description = "Prefix of this environment's SSM parameters: <prefix>/secrets/*, <prefix>/deploy/*, <prefix>/k3s/*."
  value       = local.ssm_prefix
}

output "kubeconfig_parameter" {
  description = "SSM SecureString parameter where the nodes publish the admin kubeconfig (server https://127.0.0.1:6443, reached through an SSM port forward)."
  value       = "${local.ssm_prefix}/k3s/kubeconfig"
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the CloudWatch alarms notify."
  value       = aws_sns_topic.alarms.arn
}

output "github_deploy_role_arn" {
  description = "ARN of the role the CD workflows assume through GitHub OIDC (the AWS_DEPLOY_ROLE_ARN variable of the GitHub environment); null when github_oidc_subjects is empty."
  value       = one(aws_iam_role.deploy[*].arn)
}
