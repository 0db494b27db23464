#!/usr/bin/env bash
# The system programs `npm test` uses: Debian's chromium for Playwright, real DNS servers for the
# interop tests, dig to compare against, PostgreSQL for the store, Redis for the limits shared by
# several instances. Installs what is missing when it can (Debian, root); otherwise stops with one
# line naming what is missing.
set -euo pipefail

# command → Debian package
declare -A NEED=(
  [chromium]=chromium
  [nsd]=nsd
  [knotd]=knot
  [named]=bind9
  [unbound]=unbound
  [dig]=bind9-dnsutils
  [delv]=bind9-dnsutils
  [dnssec-signzone]=bind9-utils
  [kdig]=knot-dnsutils
  [openssl]=openssl
  [ip]=iproute2
  [setpriv]=util-linux
  [redis-server]=redis-server
)
export PATH="$PATH:/usr/sbin:/sbin"
missing=()
for cmd in "${!NEED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEED[$cmd]}")
done
# PostgreSQL's server programs live off PATH, in /usr/lib/postgresql/<version>/bin (scripts/pg/).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && { echo "system packages: all present"; exit 0; }

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Package scripts try to start the daemons; the tests start their own on loopback.
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
  echo "system packages: installed ${missing[*]}"
  exit 0
fi
echo "missing system packages: ${missing[*]} (install them with: apt-get install ${missing[*]})" >&2
exit 1
