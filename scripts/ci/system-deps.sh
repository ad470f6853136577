#!/usr/bin/env bash
# Installs the Debian packages named in scripts/ci/system-packages.txt (the one list; see its
# header for the format). Idempotent and fast when everything is present: one dpkg-query, no apt.
# A line with a suite (e.g. `mesa-vulkan-drivers bookworm-backports`) enables that suite, from the
# same mirror as the machine's main suite, and installs the package with `-t suite`; it counts as
# present only when the installed version is one that suite offers.
# apt runs under `flock $APT_LOCK` (default /tmp/apt.lock) so parallel jobs on one machine queue.
set -euo pipefail
LIST=${PEFT_LAB_SYSTEM_PACKAGES:-$(cd "$(dirname "$0")" && pwd)/system-packages.txt}
LOCK=${APT_LOCK:-/tmp/apt.lock}

# "package suite" pairs (suite "-" when none), comments and blank lines dropped.
mapfile -t entries < <(sed -e 's/#.*//' "$LIST" | awk 'NF { print $1, (NF > 1 ? $2 : "-") }')
plain=() suites=()
for e in "${entries[@]}"; do
  read -r p s <<<"$e"
  if [ "$s" = - ]; then plain+=("$p"); else suites+=("$p $s"); fi
done

installed() { dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1" 2>/dev/null | awk '/^ii/ { print $2 }'; }
# Whether the installed version of $1 is offered by suite $2 (needs the suite's lists).
from_suite() {
  local v; v=$(installed "$1"); [ -n "$v" ] || return 1
  apt-cache madison "$1" 2>/dev/null | awk -F'|' -v v="$v" -v s="$2/" '{ gsub(/ /, "", $2) } $2 == v && index($3, s) { f = 1 } END { exit !f }'
}

missing=()
for p in "${plain[@]}"; do [ -n "$(installed "$p")" ] || missing+=("$p"); done
missing_suite=()
for e in "${suites[@]}"; do
  read -r p s <<<"$e"
  from_suite "$p" "$s" || missing_suite+=("$e")
done
[ ${#missing[@]} -eq 0 ] && [ ${#missing_suite[@]} -eq 0 ] && exit 0

apt() { flock "$LOCK" apt-get -o DPkg::Lock::Timeout=600 "$@"; }
export DEBIAN_FRONTEND=noninteractive

# Enables suite $1 with the URI and keyring of the machine's own main-suite source.
enable_suite() {
  local file=/etc/apt/sources.list.d/peft-lab-$1.sources codename uri key
  [ -f "$file" ] && return 0
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  uri=$(awk -v c="$codename" '/^URIs:/ { u = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == c) { print u; exit } }' /etc/apt/sources.list.d/*.sources 2>/dev/null)
  [ -n "$uri" ] || uri=$(awk -v c="$codename" '$1 == "deb" && $3 == c { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
  [ -n "$uri" ] || { echo "system-deps: no apt source for $codename to take the mirror of $1 from" >&2; exit 1; }
  key=/usr/share/keyrings/debian-archive-keyring.gpg
  printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' "$uri" "$1" "$key" >"$file"
  echo "system-deps: enabled $1 ($file)"
}
for e in "${missing_suite[@]}"; do read -r _ s <<<"$e"; enable_suite "$s"; done

echo "system-deps: installing ${missing[*]} ${missing_suite[*]}"
apt update -qq
[ ${#missing[@]} -eq 0 ] || apt install -y -qq --no-install-recommends "${missing[@]}"
for e in "${missing_suite[@]}"; do
  read -r p s <<<"$e"
  apt install -y -qq --no-install-recommends -t "$s" "$p"
done
