#!/bin/sh
# Renders the Kubernetes manifests in this directory into a deployable copy: fills the ${...} placeholders with
# the image digest, host, certificate and infrastructure values, then checks that no placeholder is left.
# POSIX sh and sed only. Run ./manifests/render.sh --help for the arguments.
set -eu

PROG=render.sh
NL='
'

usage() {
  cat <<'EOF'
Usage: manifests/render.sh --image REPOSITORY@sha256:DIGEST --host HOST --certificate-arn ARN \
         --db-url JDBC_URL --bucket BUCKET --region REGION --alb-security-group SG_ID --out DIR [options]

Required:
  --image IMAGE               image by digest, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/pixtools@sha256:<64 hex>
  --host HOST                 public host name of the Ingress, e.g. pixtools.example.com
  --certificate-arn ARN       ACM certificate for the HTTPS listener (arn:aws:acm:REGION:ACCOUNT:certificate/ID)
  --db-url JDBC_URL           PostgreSQL JDBC URL, e.g. jdbc:postgresql://db.example:5432/pixtools?sslmode=require
  --bucket BUCKET             S3 bucket for originals and outputs
  --region REGION             AWS region of the bucket, e.g. eu-west-1
  --alb-security-group SG_ID  security group of the ALB (Terraform output alb_security_group_id)
  --out DIR                   where to write the rendered manifests (created; must not be this directory)

Optional:
  --public-url URL            base of download URLs (default: https://HOST)
  --environment NAME          environment name for the ALB name and tags (default: dev)
  --alb-target-type TYPE      ip or instance (default: ip; on K3s with flannel use instance, see the README)
  --db-user USER              PostgreSQL user (default: pixtools)
  --rabbitmq-host HOST        RabbitMQ host (default: rabbitmq, a Service in the namespace)
  --redis-host HOST           Redis host (default: redis, a Service in the namespace)
  -h, --help                  this text

Every option also accepts the --name=value form.
EOF
}

fail() {
  printf '%s: %s\n' "$PROG" "$*" >&2
  printf "Run '%s --help' for the arguments.\n" "$0" >&2
  exit 2
}

IMAGE='' HOST='' CERTIFICATE_ARN='' DB_URL='' BUCKET='' REGION='' ALB_SECURITY_GROUP='' OUT=''
PUBLIC_URL='' ENVIRONMENT='dev' ALB_TARGET_TYPE='ip' DB_USER='pixtools' RABBITMQ_HOST='rabbitmq' REDIS_HOST='redis'

while [ $# -gt 0 ]; do
  arg=$1
  case $arg in
    -h|--help) usage; exit 0 ;;
    --*=*) name=${arg%%=*}; value=${arg#*=}; shift ;;
    --*)
      name=$arg
      [ $# -ge 2 ] || fail "$name needs a value"
      value=$2
      shift 2
      ;;
    *) fail "unexpected argument: $arg" ;;
  esac
  case $value in
    *"$NL"*) fail "$name: the value must be on one line" ;;
  esac
  case $name in
    --image) IMAGE=$value ;;
    --host) HOST=$value ;;
    --certificate-arn) CERTIFICATE_ARN=$value ;;
    --db-url) DB_URL=$value ;;
    --bucket) BUCKET=$value ;;
    --region) REGION=$value ;;
    --alb-security-group) ALB_SECURITY_GROUP=$value ;;
    --out) OUT=$value ;;
    --public-url) PUBLIC_URL=$value ;;
    --environment) ENVIRONMENT=$value ;;
    --alb-target-type) ALB_TARGET_TYPE=$value ;;
    --db-user) DB_USER=$value ;;
    --rabbitmq-host) RABBITMQ_HOST=$value ;;
    --redis-host) REDIS_HOST=$value ;;
    *) fail "unknown option: $name" ;;
  esac
done

missing=''
[ -n "$IMAGE" ] || missing="$missing --image"
[ -n "$HOST" ] || missing="$missing --host"
[ -n "$CERTIFICATE_ARN" ] || missing="$missing --certificate-arn"
[ -n "$DB_URL" ] || missing="$missing --db-url"
[ -n "$BUCKET" ] || missing="$missing --bucket"
[ -n "$REGION" ] || missing="$missing --region"
[ -n "$ALB_SECURITY_GROUP" ] || missing="$missing --alb-security-group"
[ -n "$OUT" ] || missing="$missing --out"
[ -z "$missing" ] || fail "missing required argument(s):$missing"

[ -n "$PUBLIC_URL" ] || PUBLIC_URL="https://$HOST"

# check NAME VALUE EXTENDED-REGEX EXPLANATION: the whole value must match.
check() {
  if ! printf '%s\n' "$2" | grep -Eq "^($3)\$"; then
    fail "$1: '$2' is not $4"
  fi
}

HOSTNAME_RE='[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*'
check --image "$IMAGE" '[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+@sha256:[0-9a-f]{64}' \
  'an image by digest (REPOSITORY@sha256: and 64 hex digits); tags are not deployed'
check --host "$HOST" "$HOSTNAME_RE" 'a lower-case DNS name'
check --certificate-arn "$CERTIFICATE_ARN" 'arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+' \
  'an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)'
check --db-url "$DB_URL" 'jdbc:postgresql://[A-Za-z0-9._-]+(:[0-9]+)?/[A-Za-z0-9_]+(\?[A-Za-z0-9_=&.%-]*)?' \
  'a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE[?PARAMS])'
check --bucket "$BUCKET" '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]' 'an S3 bucket name'
check --region "$REGION" '[a-z]{2}(-[a-z]+)+-[0-9]+' 'an AWS region such as eu-west-1'
check --alb-security-group "$ALB_SECURITY_GROUP" 'sg-[0-9a-f]{8,17}' 'a security group id (sg-...)'
check --public-url "$PUBLIC_URL" "https?://$HOSTNAME_RE(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?" 'an http(s) URL'
check --environment "$ENVIRONMENT" '[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?' 'a short lower-case name (letters, digits, -)'
check --alb-target-type "$ALB_TARGET_TYPE" 'ip|instance' 'ip or instance'
check --db-user "$DB_USER" '[A-Za-z_][A-Za-z0-9_]{0,62}' 'a PostgreSQL user name'
check --rabbitmq-host "$RABBITMQ_HOST" "$HOSTNAME_RE" 'a host name'
check --redis-host "$REDIS_HOST" "$HOSTNAME_RE" 'a host name'
PUBLIC_URL=${PUBLIC_URL%/}

SOURCE_DIR=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT" || fail "--out: cannot create $OUT"
OUT_DIR=$(cd "$OUT" && pwd)
[ "$OUT_DIR" != "$SOURCE_DIR" ] || fail "--out: must not be the template directory $SOURCE_DIR"

DIGEST=${IMAGE##*@sha256:}
MIGRATION_ID=$(printf '%s' "$DIGEST" | cut -c1-12)

# Escapes a value for the replacement side of a sed s|||: backslash, & and the delimiter.
escape() {
  printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'
}

# render TEMPLATE TARGET: replaces every known placeholder.
render() {
  sed -e "s|[\$]{IMAGE}|$(escape "$IMAGE")|g" \
      -e "s|[\$]{INGRESS_HOST}|$(escape "$HOST")|g" \
      -e "s|[\$]{CERTIFICATE_ARN}|$(escape "$CERTIFICATE_ARN")|g" \
      -e "s|[\$]{PUBLIC_URL}|$(escape "$PUBLIC_URL")|g" \
      -e "s|[\$]{POSTGRES_URL}|$(escape "$DB_URL")|g" \
      -e "s|[\$]{POSTGRES_USER}|$(escape "$DB_USER")|g" \
      -e "s|[\$]{S3_BUCKET}|$(escape "$BUCKET")|g" \
      -e "s|[\$]{AWS_REGION}|$(escape "$REGION")|g" \
      -e "s|[\$]{ALB_SECURITY_GROUP}|$(escape "$ALB_SECURITY_GROUP")|g" \
      -e "s|[\$]{ALB_TARGET_TYPE}|$(escape "$ALB_TARGET_TYPE")|g" \
      -e "s|[\$]{ENVIRONMENT}|$(escape "$ENVIRONMENT")|g" \
      -e "s|[\$]{RABBITMQ_HOST}|$(escape "$RABBITMQ_HOST")|g" \
      -e "s|[\$]{REDIS_HOST}|$(escape "$REDIS_HOST")|g" \
      -e "s|[\$]{MIGRATION_ID}|$(escape "$MIGRATION_ID")|g" \
      -e "s|[\$]{CONFIG_CHECKSUM}|$(escape "${CONFIG_CHECKSUM:-}")|g" \
      "$1" > "$2"
}

checksum() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    cksum "$1" | cut -d' ' -f1
  fi
}

# The ConfigMap first: its checksum goes into the pod templates, so that a configuration change rolls the pods.
CONFIG_CHECKSUM=''
render "$SOURCE_DIR/10-configmap.yaml" "$OUT_DIR/10-configmap.yaml"
CONFIG_CHECKSUM=$(checksum "$OUT_DIR/10-configmap.yaml")

count=0
for template in "$SOURCE_DIR"/*.yaml; do
  [ -f "$template" ] || continue
  name=$(basename "$template")
  render "$template" "$OUT_DIR/$name"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || fail "no *.yaml templates in $SOURCE_DIR"

# shellcheck disable=SC2016 # a literal dollar-brace is what is searched for
if left=$(grep -n '[$]{' "$OUT_DIR"/*.yaml); then
  printf '%s: placeholders left unfilled (a template uses a name this script does not know):\n%s\n' "$PROG" "$left" >&2
  exit 1
fi

printf 'Rendered %s manifests into %s\n' "$count" "$OUT_DIR"
printf '  image:         %s\n' "$IMAGE"
printf '  migration job: pixtools-migrate-%s\n' "$MIGRATION_ID"
printf '  ingress:       https://%s (ALB target type %s)\n' "$HOST" "$ALB_TARGET_TYPE"
