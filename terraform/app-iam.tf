# PixTools' own AWS identity: an IAM user that can use the object bucket and nothing else. Its access key reaches
# the pods as S3_ACCESS_KEY / S3_SECRET_KEY (SSM <prefix>/secrets/, ssm.tf, synced into the Secret pixtools-secrets);
# the pods cannot use the node role (IMDS hop limit 1, k3s.tf).
#
# The secret access key is in the Terraform state, like the generated passwords: the state bucket is encrypted and
# only whoever runs Terraform may read it. To rotate the key:
#   terraform apply -var-file=dev.tfvars -replace=aws_iam_access_key.app
#   manifests/sync-secrets.sh --ssm-prefix <prefix>
#   kubectl -n pixtools rollout restart deployment
# The apply deletes the old key, so S3 calls fail until the pods have restarted with the new one.

resource "aws_iam_user" "app" {
  name = "${local.name}-app"
}

data "aws_iam_policy_document" "app" {
  statement {
    sid       = "ObjectBucketList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.objects.arn]
  }

  statement {
    sid = "ObjectBucketObjects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${aws_s3_bucket.objects.arn}/*"]
  }
}

resource "aws_iam_user_policy" "app" {
  name   = "${local.name}-app-objects"
  user   = aws_iam_user.app.name
  policy = data.aws_iam_policy_document.app.json
}

resource "aws_iam_access_key" "app" {
  user = aws_iam_user.app.name
}
