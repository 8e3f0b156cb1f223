# Names, tags and lookups shared by every file.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name         = "${var.project}-${var.environment}"
  cluster_name = "${var.project}-${var.environment}"
  account_id   = data.aws_caller_identity.current.account_id
  partition    = data.aws_partition.current.partition

  # Two availability zones: the ones given, or the region's first two.
  azs = length(var.availability_zones) > 0 ? var.availability_zones : slice(data.aws_availability_zones.available.names, 0, 2)

  # SSM Parameter Store layout: <prefix>/secrets/<ENV_VAR> (SecureString, read into the Kubernetes Secret),
  # <prefix>/deploy/<name> (String, read by the deployment workflows), <prefix>/k3s/* (cluster bootstrap).
  ssm_prefix = "/${var.project}/${var.environment}"
  # ARN of <prefix> in IAM policies: append /k3s/kubeconfig, /secrets/*, ...
  ssm_prefix_arn = "arn:${local.partition}:ssm:${var.region}:${local.account_id}:parameter${local.ssm_prefix}"

  tags = merge(var.tags, {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  })
}
