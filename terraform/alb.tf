# The ALB itself is created by the AWS Load Balancer Controller from the Ingress (manifests/40-ingress.yaml); this
# security group is the one the Ingress names for it (deploy setting alb_security_group_id): HTTP and HTTPS from
# var.alb_ingress_cidrs only, and traffic out to the nodes in the VPC.

resource "aws_security_group" "alb" {
  name        = "${local.name}-alb"
  description = "ALB of ${local.name}: HTTP/HTTPS from the allowed CIDRs"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTPS from the allowed CIDRs"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = var.alb_ingress_cidrs
  }

  ingress {
    description = "HTTP from the allowed CIDRs (redirected to HTTPS)"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = var.alb_ingress_cidrs
  }

  egress {
    description = "To the targets (nodes and pods) in the VPC"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.vpc_cidr]
  }

  tags = {
    Name = "${local.name}-alb"
  }
}
