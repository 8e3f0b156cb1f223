# The role the CD workflows assume with GitHub's OIDC token (aws-actions/configure-aws-credentials): push images to
# this environment's ECR repository, read the SSM parameters a deployment needs (deploy/*, secrets/*, the
# kubeconfig; not the K3s token), find a node and open a Session Manager port forward to the K3s API on it.
# Created only when var.github_oidc_subjects lists the jobs allowed to assume it, e.g.
# repo:OWNER/REPO:environment:dev (a job that names a GitHub environment gets that subject).

locals {
  github_oidc_url    = "https://token.actions.githubusercontent.com"
  create_deploy_role = length(var.github_oidc_subjects) > 0
}

resource "aws_iam_openid_connect_provider" "github" {
  count           = var.create_github_oidc_provider ? 1 : 0
  url             = local.github_oidc_url
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]
}

data "aws_iam_openid_connect_provider" "github" {
  count = !var.create_github_oidc_provider && local.create_deploy_role ? 1 : 0
  url   = local.github_oidc_url
}

locals {
  github_oidc_provider_arn = var.create_github_oidc_provider ? one(aws_iam_openid_connect_provider.github[*].arn) : one(data.aws_iam_openid_connect_provider.github[*].arn)
}

data "aws_iam_policy_document" "deploy_assume" {
  count = local.create_deploy_role ? 1 : 0

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = var.github_oidc_subjects
    }
  }
}

resource "aws_iam_role" "deploy" {
  count                = local.create_deploy_role ? 1 : 0
  name                 = "${local.name}-github-deploy"
  assume_role_policy   = data.aws_iam_policy_document.deploy_assume[0].json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "EcrPushPull"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:DescribeImages",
      "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = [aws_ecr_repository.app.arn]
  }

  # Production promotes the image the dev pipeline built and CI tested (cd-prod.yml): pull-only on that repository.
  # In another account, its repository policy must also let this role pull.
  dynamic "statement" {
    for_each = var.ecr_promotion_source_repository_arn == "" ? [] : [var.ecr_promotion_source_repository_arn]
    content {
      sid = "EcrPromotionSourcePull"
      actions = [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:DescribeImages",
        "ecr:GetDownloadUrlForLayer",
      ]
      resources = [statement.value]
    }
  }

  statement {
    sid     = "SsmParametersRead"
    actions = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = [
      "${local.ssm_prefix_arn}/deploy/*",
      "${local.ssm_prefix_arn}/secrets/*",
      "${local.ssm_prefix_arn}/k3s/kubeconfig",
    ]
  }

  # GetParametersByPath is authorized against the requested path, not the parameters it returns.
  statement {
    sid       = "SsmParametersReadByPath"
    actions   = ["ssm:GetParametersByPath"]
    resources = ["${local.ssm_prefix_arn}/deploy", "${local.ssm_prefix_arn}/secrets"]
  }

  statement {
    sid       = "FindNodes"
    actions   = ["autoscaling:DescribeAutoScalingGroups"]
    resources = ["*"]
  }

  statement {
    sid       = "PortForwardToNodes"
    actions   = ["ssm:StartSession"]
    resources = ["arn:${local.partition}:ec2:${var.region}:${local.account_id}:instance/*"]

    condition {
      test     = "StringEquals"
      variable = "ssm:resourceTag/pixtools:cluster"
      values   = [local.cluster_name]
    }
  }

  statement {
    sid       = "PortForwardDocument"
    actions   = ["ssm:StartSession"]
    resources = ["arn:${local.partition}:ssm:${var.region}::document/AWS-StartPortForwardingSession"]
  }

  statement {
    sid       = "OwnSessions"
    actions   = ["ssm:TerminateSession", "ssm:ResumeSession"]
    resources = ["arn:${local.partition}:ssm:*:*:session/$${aws:userid}-*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  count  = local.create_deploy_role ? 1 : 0
  name   = "${local.name}-github-deploy"
  role   = aws_iam_role.deploy[0].id
  policy = data.aws_iam_policy_document.deploy.json
}
