#!/usr/bin/env bash
# The Debian packages the incident service's tests run for real: PostgreSQL (two workers on one database),
# Prometheus Alertmanager (posts real webhooks) and Chromium (the dashboard end to end). Installs the missing ones
# with apt-get (as root, or with sudo), so `npm test` works as the first command on a fresh Debian machine; prints
# what to install and fails elsewhere. Called by `npm run test:service` and by .ci/run.
set -uo pipefail

missing=()
for package in postgresql prometheus-alertmanager chromium; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "The incident service's tests need ${missing[*]} (Debian package names); install them and run again." >&2
  exit 1
fi
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing the system packages the incident service's tests run: ${missing[*]} (apt-get)"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || exit 1
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" || exit 1
