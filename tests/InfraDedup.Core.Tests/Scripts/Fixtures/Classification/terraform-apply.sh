#!/usr/bin/env bash
set -euo pipefail
cd infra/envs/"$1"
terraform init -input=false
terraform apply -input=false -auto-approve
