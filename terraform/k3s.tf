# The K3s cluster: one EC2 auto-scaling group of Spot instances (several instance types, price-capacity-optimized),
# all of them K3s servers that keep the cluster state in the RDS PostgreSQL instance (a separate "k3s" database,
# K3s' kine datastore). A node that Spot takes away is replaced by the group and rejoins; the state survives in RDS.
# The Cluster Autoscaler (installed by the user data) sets the group's desired capacity for the pending pods.
# Workloads run on the same nodes. The Kubernetes API (6443) is not exposed: deployments reach it through an SSM
# Session Manager port forward, with the kubeconfig the nodes publish to SSM (<prefix>/k3s/kubeconfig).

data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }

  filter {
    name   = "architecture"
    values = ["x86_64"]
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Security group of the nodes
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_security_group" "nodes" {
  name        = "${local.name}-k3s-nodes"
  description = "K3s nodes of ${local.name}"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "Node to node: K3s API, kubelet, flannel VXLAN, pod traffic"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }

  ingress {
    description     = "ALB to the API Service's NodePort (target-type instance)"
    from_port       = 30000
    to_port         = 32767
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  ingress {
    description     = "ALB to the API pods' HTTP port (target-type ip)"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  egress {
    description = "Everything out: RDS, S3, ECR, SSM, RabbitMQ/Redis, K3s and Helm downloads"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "${local.name}-k3s-nodes"
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Instance role: ECR pulls (kubelet credential provider), the two bootstrap secrets and the kubeconfig in SSM,
# Session Manager, and what the AWS Load Balancer Controller and the Cluster Autoscaler need. Ordinary pods cannot
# use it: IMDSv2 with a hop limit of 1 answers the host network only, so only the node itself and the hostNetwork
# pods of those two controllers get its credentials. PixTools reaches S3 with its own IAM user (app-iam.tf).
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "node_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "node" {
  name               = "${local.name}-k3s-node"
  assume_role_policy = data.aws_iam_policy_document.node_assume.json
}

data "aws_iam_policy_document" "node" {
  statement {
    sid       = "EcrToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "EcrPull"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [aws_ecr_repository.app.arn]
  }

  # Exactly what the user data reads and writes. Not the kubeconfig (cluster-admin) nor the other secrets; the
  # SecureStrings use the AWS-managed aws/ssm key, which needs no kms: permission within the account.
  statement {
    sid       = "BootstrapSecretsRead"
    actions   = ["ssm:GetParameter"]
    resources = [aws_ssm_parameter.k3s_token.arn, aws_ssm_parameter.postgres_password.arn]
  }

  statement {
    sid       = "KubeconfigPublish"
    actions   = ["ssm:PutParameter"]
    resources = ["${local.ssm_prefix_arn}/k3s/kubeconfig"]
  }

  # What the SSM agent needs for Session Manager, instead of AmazonSSMManagedInstanceCore: that managed policy also
  # allows ssm:GetParameter(s) on every parameter, the kubeconfig included.
  statement {
    sid = "SessionManager"
    actions = [
      "ssm:UpdateInstanceInformation",
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "LoadBalancerControllerServiceLinkedRole"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["elasticloadbalancing.amazonaws.com"]
    }
  }

  statement {
    sid = "LoadBalancerControllerRead"
    actions = [
      "acm:DescribeCertificate",
      "acm:ListCertificates",
      "ec2:DescribeAccountAttributes",
      "ec2:DescribeAddresses",
      "ec2:DescribeAvailabilityZones",
      "ec2:DescribeCoipPools",
      "ec2:DescribeInstances",
      "ec2:DescribeInternetGateways",
      "ec2:DescribeIpamPools",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeRouteTables",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets",
      "ec2:DescribeTags",
      "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeVpcs",
      "ec2:GetCoipPoolUsage",
      "ec2:GetSecurityGroupsForVpc",
      "elasticloadbalancing:DescribeCapacityReservation",
      "elasticloadbalancing:DescribeListenerAttributes",
      "elasticloadbalancing:DescribeListenerCertificates",
      "elasticloadbalancing:DescribeListeners",
      "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeRules",
      "elasticloadbalancing:DescribeSSLPolicies",
      "elasticloadbalancing:DescribeTags",
      "elasticloadbalancing:DescribeTargetGroupAttributes",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:DescribeTrustStores",
    ]
    resources = ["*"]
  }

  # The Ingress names its own security group (Terraform's ALB group) and leaves backend rules to Terraform, so the
  # controller never creates or edits security groups; it only manages the load balancer, listeners and targets.
  statement {
    sid = "LoadBalancerControllerManage"
    actions = [
      "elasticloadbalancing:AddListenerCertificates",
      "elasticloadbalancing:AddTags",
      "elasticloadbalancing:CreateListener",
      "elasticloadbalancing:CreateLoadBalancer",
      "elasticloadbalancing:CreateRule",
      "elasticloadbalancing:CreateTargetGroup",
      "elasticloadbalancing:DeleteListener",
      "elasticloadbalancing:DeleteLoadBalancer",
      "elasticloadbalancing:DeleteRule",
      "elasticloadbalancing:DeleteTargetGroup",
      "elasticloadbalancing:DeregisterTargets",
      "elasticloadbalancing:ModifyListener",
      "elasticloadbalancing:ModifyListenerAttributes",
      "elasticloadbalancing:ModifyLoadBalancerAttributes",
      "elasticloadbalancing:ModifyRule",
      "elasticloadbalancing:ModifyTargetGroup",
      "elasticloadbalancing:ModifyTargetGroupAttributes",
      "elasticloadbalancing:RegisterTargets",
      "elasticloadbalancing:RemoveListenerCertificates",
      "elasticloadbalancing:RemoveTags",
      "elasticloadbalancing:SetIpAddressType",
      "elasticloadbalancing:SetSecurityGroups",
      "elasticloadbalancing:SetSubnets",
    ]
    resources = ["*"]
  }

  statement {
    sid = "ClusterAutoscalerRead"
    actions = [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "ec2:DescribeImages",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetInstanceTypesFromInstanceRequirements",
    ]
    resources = ["*"]
  }

  # Only groups tagged as this cluster's (the role cannot tag): no other auto-scaling group of the account.
  statement {
    sid       = "ClusterAutoscalerScale"
    actions   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/k8s.io/cluster-autoscaler/${local.cluster_name}"
      values   = ["owned"]
    }
  }
}

resource "aws_iam_role_policy" "node" {
  name   = "${local.name}-k3s-node"
  role   = aws_iam_role.node.id
  policy = data.aws_iam_policy_document.node.json
}

resource "aws_iam_instance_profile" "node" {
  name = "${local.name}-k3s-node"
  role = aws_iam_role.node.name
}

# ---------------------------------------------------------------------------------------------------------------------
# Launch template and Spot auto-scaling group
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_launch_template" "k3s" {
  name_prefix            = "${local.name}-k3s-"
  description            = "K3s server nodes of ${local.name}"
  image_id               = data.aws_ami.al2023.id
  vpc_security_group_ids = [aws_security_group.nodes.id]
  update_default_version = true

  user_data = base64encode(templatefile("${path.module}/templates/k3s-user-data.sh.tftpl", {
    region                          = var.region
    cluster_name                    = local.cluster_name
    vpc_id                          = aws_vpc.main.id
    ssm_prefix                      = local.ssm_prefix
    db_address                      = aws_db_instance.main.address
    db_port                         = aws_db_instance.main.port
    db_username                     = var.db_username
    k3s_channel                     = var.k3s_channel
    k3s_version                     = var.k3s_version
    lb_controller_chart_version     = var.aws_lb_controller_chart_version
    autoscaler_chart_version        = var.cluster_autoscaler_chart_version
    ecr_credential_provider_version = var.ecr_credential_provider_version
  }))

  iam_instance_profile {
    arn = aws_iam_instance_profile.node.arn
  }

  # Hop limit 1: the IMDSv2 token response (IP TTL 1) dies on the extra hop into a pod's network namespace, so a pod
  # (say, one decoding a hostile image) cannot get the node role; the node itself and hostNetwork pods still can.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.k3s_root_volume_size
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags = merge(local.tags, {
      Name               = "${local.name}-k3s"
      "pixtools:cluster" = local.cluster_name
    })
  }

  tag_specifications {
    resource_type = "volume"
    tags = merge(local.tags, {
      Name = "${local.name}-k3s"
    })
  }
}

resource "aws_autoscaling_group" "k3s" {
  name                      = "${local.name}-k3s"
  vpc_zone_identifier       = aws_subnet.private[*].id
  min_size                  = var.k3s_min_size
  max_size                  = var.k3s_max_size
  desired_capacity          = var.k3s_desired_capacity
  capacity_rebalance        = true
  health_check_type         = "EC2"
  health_check_grace_period = 300
  default_instance_warmup   = 300
  metrics_granularity       = "1Minute"
  enabled_metrics = [
    "GroupDesiredCapacity",
    "GroupInServiceInstances",
    "GroupPendingInstances",
    "GroupTerminatingInstances",
    "GroupTotalInstances",
  ]

  mixed_instances_policy {
    instances_distribution {
      on_demand_base_capacity                  = var.k3s_on_demand_base_capacity
      on_demand_percentage_above_base_capacity = 0
      spot_allocation_strategy                 = "price-capacity-optimized"
    }

    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.k3s.id
        version            = "$Latest"
      }

      dynamic "override" {
        for_each = var.k3s_instance_types
        content {
          instance_type = override.value
        }
      }
    }
  }

  # A new launch template version (user data, AMI) replaces the nodes a half at a time.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
      instance_warmup        = 300
    }
  }

  tag {
    key                 = "Name"
    value               = "${local.name}-k3s"
    propagate_at_launch = true
  }

  tag {
    key                 = "pixtools:cluster"
    value               = local.cluster_name
    propagate_at_launch = true
  }

  # Cluster Autoscaler auto-discovery; the second tag is also what the node role's scaling permission requires.
  tag {
    key                 = "k8s.io/cluster-autoscaler/enabled"
    value               = "true"
    propagate_at_launch = false
  }

  tag {
    key                 = "k8s.io/cluster-autoscaler/${local.cluster_name}"
    value               = "owned"
    propagate_at_launch = false
  }

  # After creation the Cluster Autoscaler owns the desired capacity (between min_size and max_size).
  lifecycle {
    ignore_changes = [desired_capacity]
  }

  # The nodes keep the cluster state in RDS and read their bootstrap secrets from SSM at first boot.
  depends_on = [
    aws_db_instance.main,
    aws_ssm_parameter.k3s_token,
    aws_ssm_parameter.postgres_password,
    aws_route_table_association.private,
    aws_nat_gateway.main,
  ]
}
