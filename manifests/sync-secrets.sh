#!/bin/sh
# Creates or updates the Kubernetes Secret "pixtools-secrets" from the SSM Parameter Store SecureStrings that
# Terraform wrote under <prefix>/secrets/ (terraform/ssm.tf). The values go from SSM to kubectl through files in a
# private temporary directory: they never appear on a command line, in the repository or in the logs.
#
#   manifests/sync-secrets.sh --ssm-prefix /pixtools/dev [--namespace pixtools] [--region eu-west-1]
#
# Needs the AWS CLI (ssm:GetParameter on the prefix) and kubectl pointed at the cluster. Pods read the Secret at
# start: after a rotation, restart them (kubectl -n pixtools rollout restart deployment).
set -eu

PROG=sync-secrets.sh
SECRET=pixtools-secrets
# The keys the manifests read with secretKeyRef. S3_ACCESS_KEY and S3_SECRET_KEY belong to the application's own IAM
# user (terraform/app-iam.tf): pods have no way to the node's instance role.
REQUIRED_KEYS='POSTGRES_PASSWORD RABBITMQ_PASSWORD REDIS_PASSWORD PIXTOOLS_WEBHOOKS_SECRET S3_ACCESS_KEY S3_SECRET_KEY
PIXTOOLS_API_KEYS'

fail() {
  printf '%s: %s\n' "$PROG" "$*" >&2
  exit 2
}

PREFIX='' NAMESPACE='pixtools' REGION=''
while [ $# -gt 0 ]; do
  case $1 in
    --ssm-prefix) [ $# -ge 2 ] || fail "--ssm-prefix needs a value"; PREFIX=$2; shift 2 ;;
    --namespace) [ $# -ge 2 ] || fail "--namespace needs a value"; NAMESPACE=$2; shift 2 ;;
    --region) [ $# -ge 2 ] || fail "--region needs a value"; REGION=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) fail "unknown argument: $1" ;;
  esac
done
[ -n "$PREFIX" ] || fail "missing required argument --ssm-prefix (for example /pixtools/dev)"
case $PREFIX in
  /*) ;;
  *) fail "--ssm-prefix must start with / (got '$PREFIX')" ;;
esac
PREFIX=${PREFIX%/}
command -v aws >/dev/null 2>&1 || fail "the AWS CLI (aws) is not on the PATH"
command -v kubectl >/dev/null 2>&1 || fail "kubectl is not on the PATH"

set --
[ -z "$REGION" ] || set -- --region "$REGION"

umask 077
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT HUP INT TERM

# read_parameter KEY: writes the decrypted value of PREFIX/secrets/KEY into WORK/KEY, without a trailing newline.
read_parameter() {
  value=$(aws "$@" ssm get-parameter --name "$PREFIX/secrets/$KEY" --with-decryption \
    --query Parameter.Value --output text) || return 1
  printf '%s' "$value" > "$WORK/$KEY"
}

files=''
for KEY in $REQUIRED_KEYS; do
  read_parameter "$@" || fail "cannot read the SSM parameter $PREFIX/secrets/$KEY"
  [ -s "$WORK/$KEY" ] || fail "the SSM parameter $PREFIX/secrets/$KEY is empty"
  files="$files --from-file=$KEY=$WORK/$KEY"
done

# The paths contain no spaces (mktemp), so word splitting of $files is safe here.
# shellcheck disable=SC2086
kubectl -n "$NAMESPACE" create secret generic "$SECRET" $files --dry-run=client -o yaml \
  | kubectl -n "$NAMESPACE" apply -f - >/dev/null
printf '%s: Secret %s/%s is up to date (keys from %s/secrets/)\n' "$PROG" "$NAMESPACE" "$SECRET" "$PREFIX"
