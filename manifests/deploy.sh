#!/bin/sh
# Deploys PixTools to the K3s cluster kubectl points at: renders an overlay with kubectl kustomize, adding the image
# by digest and the environment's values (the <prefix>/deploy/ parameters Terraform writes to SSM), then applies
# KEDA, the Secret, the migration Job (awaited) and the rest, and waits for the rollouts.
# POSIX sh; needs kubectl, and for a deployment (not --render-only) the AWS CLI for manifests/sync-secrets.sh.
set -eu

PROG=deploy.sh
NAMESPACE=pixtools

usage() {
  cat <<'EOF'
Usage: manifests/deploy.sh --overlay dev|prod --image REPOSITORY@sha256:DIGEST --settings FILE
                           (--ssm-prefix PREFIX | --render-only OUT)

  --overlay NAME        manifests/overlays/NAME
  --image IMAGE         the image by digest (tags are not deployed)
  --settings FILE       the environment's values, one name=value per line: region, environment, ingress_host,
                        public_url, certificate_arn, alb_security_group_id, alb_target_type, postgres_jdbc_url,
                        postgres_user, s3_bucket, rabbitmq_host, redis_host (other names are ignored)
  --ssm-prefix PREFIX   where sync-secrets.sh reads the secrets (<prefix>/secrets/), e.g. /pixtools/dev
  --render-only OUT     write the rendered objects to OUT and stop: no cluster is touched
EOF
}

fail() {
  printf '%s: %s\n' "$PROG" "$*" >&2
  exit 2
}

OVERLAY='' IMAGE='' SETTINGS='' SSM_PREFIX='' RENDER_ONLY=''
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --overlay|--image|--settings|--ssm-prefix|--render-only)
      [ $# -ge 2 ] || fail "$1 needs a value"
      case $1 in
        --overlay) OVERLAY=$2 ;;
        --image) IMAGE=$2 ;;
        --settings) SETTINGS=$2 ;;
        --ssm-prefix) SSM_PREFIX=$2 ;;
        --render-only) RENDER_ONLY=$2 ;;
      esac
      shift 2
      ;;
    *) fail "unknown argument: $1 (see --help)" ;;
  esac
done

SOURCE_DIR=$(cd "$(dirname "$0")" && pwd)
REPO_DIR=$(dirname "$SOURCE_DIR")
[ -n "$OVERLAY" ] || fail "missing --overlay"
[ -f "$SOURCE_DIR/overlays/$OVERLAY/kustomization.yaml" ] || fail "--overlay: no manifests/overlays/$OVERLAY"
[ -n "$IMAGE" ] || fail "missing --image"
printf '%s\n' "$IMAGE" | grep -Eq '^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+@sha256:[0-9a-f]{64}$' \
  || fail "--image: '$IMAGE' is not an image by digest (REPOSITORY@sha256: and 64 hex digits)"
[ -n "$SETTINGS" ] && [ -f "$SETTINGS" ] || fail "--settings: no such file '$SETTINGS'"
[ -n "$RENDER_ONLY" ] || [ -n "$SSM_PREFIX" ] || fail "give --ssm-prefix (to deploy) or --render-only OUT"

# setting NAME: the value of NAME in the settings file (the last line wins); empty when absent.
setting() {
  sed -n "s/^$1=//p" "$SETTINGS" | tail -n 1
}

# require NAME EXTENDED-REGEX EXPLANATION: prints the setting, or fails naming it.
require() {
  value=$(setting "$1")
  [ -n "$value" ] || fail "setting $1 is missing from $SETTINGS"
  printf '%s\n' "$value" | grep -Eq "^($2)\$" || fail "setting $1: '$value' is not $3"
  printf '%s' "$value"
}

# A Service name in this namespace is written in full: KEDA polls RabbitMQ from its own namespace.
qualify() {
  case $1 in
    *.*) printf '%s' "$1" ;;
    *) printf '%s.%s.svc.cluster.local' "$1" "$NAMESPACE" ;;
  esac
}

HOST_RE='[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*'
REGION=$(require region '[a-z]{2}(-[a-z]+)+-[0-9]+' 'an AWS region such as eu-west-1')
ENVIRONMENT=$(require environment '[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?' 'a short lower-case name')
INGRESS_HOST=$(require ingress_host "$HOST_RE" 'a lower-case DNS name')
PUBLIC_URL=$(require public_url "https?://$HOST_RE(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?" 'an http(s) URL')
CERTIFICATE_ARN=$(require certificate_arn 'arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+' \
  'an ACM certificate ARN')
ALB_SECURITY_GROUP=$(require alb_security_group_id 'sg-[0-9a-f]{8,17}' 'a security group id (sg-...)')
ALB_TARGET_TYPE=$(require alb_target_type 'ip|instance' 'ip or instance')
POSTGRES_URL=$(require postgres_jdbc_url \
  'jdbc:postgresql://[A-Za-z0-9._-]+(:[0-9]+)?/[A-Za-z0-9_]+(\?[A-Za-z0-9_=&.%-]*)?' 'a PostgreSQL JDBC URL')
POSTGRES_USER=$(require postgres_user '[A-Za-z_][A-Za-z0-9_]{0,62}' 'a PostgreSQL user name')
S3_BUCKET=$(require s3_bucket '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]' 'an S3 bucket name')
RABBITMQ_HOST=$(qualify "$(require rabbitmq_host "$HOST_RE" 'a host name')")
REDIS_HOST=$(qualify "$(require redis_host "$HOST_RE" 'a host name')")

mkdir -p "$REPO_DIR/build"
WORK=$(mktemp -d "$REPO_DIR/build/deploy.XXXXXX")
trap 'rm -rf "$WORK"' EXIT HUP INT TERM

# The deployment layer: the overlay, plus the image and the environment's values (validated above, so they are
# safe in YAML and in an env file as they are).
cat > "$WORK/settings.env" <<EOF
ENVIRONMENT=$ENVIRONMENT
S3_REGION=$REGION
AWS_REGION=$REGION
INGRESS_HOST=$INGRESS_HOST
PIXTOOLS_API_PUBLIC_URL=${PUBLIC_URL%/}
CERTIFICATE_ARN=$CERTIFICATE_ARN
ALB_SECURITY_GROUP=$ALB_SECURITY_GROUP
ALB_TARGET_TYPE=$ALB_TARGET_TYPE
POSTGRES_URL=$POSTGRES_URL
POSTGRES_USER=$POSTGRES_USER
S3_BUCKET=$S3_BUCKET
RABBITMQ_HOST=$RABBITMQ_HOST
REDIS_HOST=$REDIS_HOST
EOF
cat > "$WORK/kustomization.yaml" <<EOF
bases:
  - ../../manifests/overlays/$OVERLAY
images:
  - name: pixtools
    newName: ${IMAGE%@*}
    digest: ${IMAGE#*@}
configMapGenerator:
  - name: pixtools-config
    behavior: merge
    env: settings.env
EOF

RENDERED="$WORK/rendered.yaml"
kubectl kustomize "$WORK" > "$RENDERED" 2> "$WORK/kustomize.log" \
  || { cat "$WORK/kustomize.log" >&2; fail "kubectl kustomize failed"; }
if grep -n '[$](' "$RENDERED" >&2; then
  fail "a \$(NAME) var was left unresolved (above)"
fi
if grep -nE '^ +image: pixtools$' "$RENDERED" >&2; then
  fail "an image was left unpinned (above)"
fi

if [ -n "$RENDER_ONLY" ]; then
  cp "$RENDERED" "$RENDER_ONLY"
  printf '%s: rendered overlay %s with %s into %s\n' "$PROG" "$OVERLAY" "$IMAGE" "$RENDER_ONLY"
  exit 0
fi

say() { printf '%s: %s\n' "$PROG" "$*"; }

say "KEDA (manifests/cluster), through K3s's Helm controller"
kubectl apply -k "$SOURCE_DIR/cluster"
i=0
until kubectl get crd scaledobjects.keda.sh >/dev/null 2>&1; do
  i=$((i + 1))
  [ "$i" -le 60 ] || fail "KEDA's ScaledObject CRD did not appear in 5 minutes (kubectl -n kube-system logs job/helm-install-keda)"
  sleep 5
done
kubectl wait --for condition=established --timeout=120s crd/scaledobjects.keda.sh

say "namespace, settings and the Secret (from SSM)"
kubectl apply -f "$RENDERED" -l pixtools.io/deploy-phase=prepare
"$SOURCE_DIR/sync-secrets.sh" --ssm-prefix "$SSM_PREFIX" --namespace "$NAMESPACE" --region "$REGION"

say "database migration"
current=$(kubectl -n "$NAMESPACE" get job pixtools-migrate -o jsonpath='{.spec.template.spec.containers[0].image}' \
  2>/dev/null || true)
if [ -n "$current" ] && [ "$current" != "$IMAGE" ]; then
  kubectl -n "$NAMESPACE" delete job pixtools-migrate --wait=true
fi
kubectl apply -f "$RENDERED" -l app.kubernetes.io/component=migrate
i=0
while :; do
  state=$(kubectl -n "$NAMESPACE" get job pixtools-migrate \
    -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
  case " $state " in
    *" Complete "*) say "migration done"; break ;;
    *" Failed "*)
      kubectl -n "$NAMESPACE" logs job/pixtools-migrate --tail=200 >&2 || true
      fail "the migration Job failed" ;;
  esac
  i=$((i + 1))
  [ "$i" -le 180 ] || fail "the migration Job did not finish in 15 minutes"
  sleep 5
done

say "everything else, then the rollouts"
kubectl apply -f "$RENDERED"
for workload in statefulset/rabbitmq statefulset/redis deployment/pixtools-api deployment/pixtools-worker-standard \
                deployment/pixtools-worker-ml deployment/pixtools-scheduler; do
  if kubectl -n "$NAMESPACE" get "$workload" >/dev/null 2>&1; then
    kubectl -n "$NAMESPACE" rollout status "$workload" --timeout=10m
  fi
done
say "deployed $IMAGE to overlay $OVERLAY"
