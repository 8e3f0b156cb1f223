# ---------------------------------------------------------------------------------------------------------------------
# Environment
# ---------------------------------------------------------------------------------------------------------------------

variable "project" {
  description = "Project name: the prefix of every resource name and of the SSM parameter paths (/<project>/<environment>/...)."
  type        = string
  default     = "pixtools"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name (dev, staging, prod, ...): part of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$", var.environment))
    error_message = "environment must be 1-20 lower-case letters, digits or hyphens."
  }
}

variable "region" {
  description = "AWS region to deploy into, for example eu-west-1."
  type        = string
}

variable "tags" {
  description = "Extra tags for every resource (Project, Environment and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block of the VPC; the public and private subnets are /20s carved out of it."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr))
    error_message = "vpc_cidr must be an IPv4 CIDR block such as 10.40.0.0/16."
  }
}

variable "availability_zones" {
  description = "Exactly two availability zones for the subnets; empty picks the region's first two."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.availability_zones) == 0 || length(var.availability_zones) == 2
    error_message = "availability_zones must list exactly two zones, or be empty."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for both private subnets (cheaper, for dev) instead of one per availability zone."
  type        = bool
  default     = true
}

variable "alb_ingress_cidrs" {
  description = "IPv4 CIDR blocks allowed to reach the ALB on ports 80 and 443 (0.0.0.0/0 for a public service)."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.alb_ingress_cidrs) > 0 && alltrue([for cidr in var.alb_ingress_cidrs : can(cidrnetmask(cidr))])
    error_message = "alb_ingress_cidrs must list at least one IPv4 CIDR block."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# K3s cluster (EC2 Spot auto-scaling group)
# ---------------------------------------------------------------------------------------------------------------------

variable "k3s_instance_types" {
  description = "Instance types the Spot auto-scaling group may launch (x86_64), in order of preference. Several types spread the Spot risk; give them the same vCPUs and memory, as the Cluster Autoscaler assumes."
  type        = list(string)
  default     = ["m6i.xlarge", "m6a.xlarge", "m5.xlarge", "m5a.xlarge", "m7i.xlarge"]

  validation {
    condition     = length(var.k3s_instance_types) >= 2
    error_message = "List at least two instance types, so that a Spot shortage of one does not stop the cluster."
  }
}

variable "k3s_min_size" {
  description = "Minimum number of K3s nodes."
  type        = number
  default     = 2
}

variable "k3s_max_size" {
  description = "Maximum number of K3s nodes."
  type        = number
  default     = 5
}

variable "k3s_desired_capacity" {
  description = "Number of K3s nodes to start with; afterwards the Cluster Autoscaler sets it (Terraform ignores changes)."
  type        = number
  default     = 3
}

variable "k3s_on_demand_base_capacity" {
  description = "How many of the nodes are On-Demand instead of Spot (0: all Spot; 1 keeps one node through a Spot shortage)."
  type        = number
  default     = 0
}

variable "k3s_root_volume_size" {
  description = "Root volume of each node in GiB (container images and the pods' emptyDir work space)."
  type        = number
  default     = 60
}

variable "k3s_channel" {
  description = "K3s release channel the nodes install from (for example v1.33 or stable), used when k3s_version is empty."
  type        = string
  default     = "v1.33"
}

variable "k3s_version" {
  description = "Exact K3s version to install (for example v1.33.5+k3s1); empty installs the latest of k3s_channel."
  type        = string
  default     = ""
}

variable "aws_lb_controller_chart_version" {
  description = "Version of the aws-load-balancer-controller Helm chart (https://aws.github.io/eks-charts) installed on the cluster."
  type        = string
  default     = "1.13.0"
}

variable "cluster_autoscaler_chart_version" {
  description = "Version of the cluster-autoscaler Helm chart (https://kubernetes.github.io/autoscaler). Its app version must match the Kubernetes minor of k3s_channel / k3s_version: 9.51.0 is Cluster Autoscaler 1.33.0."
  type        = string
  default     = "9.51.0"
}

variable "ecr_credential_provider_version" {
  description = "Version of the kubelet ECR credential provider (kubernetes/cloud-provider-aws) that lets K3s pull from ECR with the instance role."
  type        = string
  default     = "v1.31.0"
}

# ---------------------------------------------------------------------------------------------------------------------
# PostgreSQL (RDS)
# ---------------------------------------------------------------------------------------------------------------------

variable "db_instance_class" {
  description = "RDS instance class of the PostgreSQL 16 database."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_allocated_storage" {
  description = "Initial storage of the database in GiB."
  type        = number
  default     = 20
}

variable "db_max_allocated_storage" {
  description = "Upper limit in GiB for storage autoscaling of the database."
  type        = number
  default     = 100
}

variable "db_name" {
  description = "Name of the application database."
  type        = string
  default     = "pixtools"
}

variable "db_username" {
  description = "Master user of the database (used by PixTools and by the K3s datastore)."
  type        = string
  default     = "pixtools"
}

variable "db_backup_retention_days" {
  description = "Days of automated RDS backups to keep (1-35)."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be from 1 to 35."
  }
}

variable "db_multi_az" {
  description = "Run the database as a Multi-AZ deployment (a standby in the second zone)."
  type        = bool
  default     = false
}

variable "db_deletion_protection" {
  description = "Protect the database from deletion (turn off before destroying an environment)."
  type        = bool
  default     = true
}

variable "db_skip_final_snapshot" {
  description = "Skip the final snapshot when the database is destroyed (dev only)."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------------------------------
# Objects, images, ingress
# ---------------------------------------------------------------------------------------------------------------------

variable "s3_force_destroy" {
  description = "Allow terraform destroy to delete the object bucket even when it still holds objects."
  type        = bool
  default     = false
}

variable "ecr_keep_images" {
  description = "How many images the ECR lifecycle policy keeps (older ones are expired)."
  type        = number
  default     = 50
}

variable "ecr_promotion_source_repository_arn" {
  description = "ARN of the ECR repository whose CI-tested images this environment promotes (production: the dev repository; empty: none)."
  type        = string
  default     = ""
}

variable "ingress_host" {
  description = "Public host name of the service (the Ingress rule and the certificate), for example pixtools.example.com."
  type        = string
}

variable "certificate_arn" {
  description = "ARN of the ACM certificate for ingress_host, in the same region, used by the ALB's HTTPS listener."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "rabbitmq_host" {
  description = "RabbitMQ host the pods use: a Service name in the pixtools namespace (default) or an external DNS name."
  type        = string
  default     = "rabbitmq"
}

variable "redis_host" {
  description = "Redis host the pods use: a Service name in the pixtools namespace (default) or an external DNS name."
  type        = string
  default     = "redis"
}

variable "alb_target_type" {
  description = "ALB target type the deployment renders into the Ingress: instance (NodePort; works with K3s' flannel overlay) or ip (needs pod IPs routable in the VPC)."
  type        = string
  default     = "instance"

  validation {
    condition     = contains(["ip", "instance"], var.alb_target_type)
    error_message = "alb_target_type must be ip or instance."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Alarms
# ---------------------------------------------------------------------------------------------------------------------

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (confirm the subscription mail); empty for none."
  type        = string
  default     = ""
}

variable "alb_arn_suffix" {
  description = "ARN suffix (app/<name>/<id>) of the ALB that the AWS Load Balancer Controller created for the Ingress; the 5XX alarm is created once it is set (after the first deployment)."
  type        = string
  default     = ""
}

variable "alb_5xx_threshold" {
  description = "5XX responses (from the ALB and the targets) in 5 minutes above which the ALB alarm fires."
  type        = number
  default     = 10
}

variable "rds_cpu_threshold" {
  description = "Average database CPU percentage over 15 minutes above which the RDS CPU alarm fires."
  type        = number
  default     = 80
}

variable "rds_free_storage_threshold_bytes" {
  description = "Free database storage in bytes below which the RDS storage alarm fires."
  type        = number
  default     = 2147483648
}

# ---------------------------------------------------------------------------------------------------------------------
# GitHub Actions (OIDC deployment role)
# ---------------------------------------------------------------------------------------------------------------------

variable "github_oidc_subjects" {
  description = "Subjects (sub claims) of GitHub Actions jobs allowed to assume the deployment role, for example repo:OWNER/REPO:environment:dev. Empty: no role is created."
  type        = list(string)
  default     = []
}

variable "create_github_oidc_provider" {
  description = "Create the GitHub Actions OIDC identity provider (once per AWS account); false looks up the existing one."
  type        = bool
  default     = false
}
