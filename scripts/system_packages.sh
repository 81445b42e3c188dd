#!/usr/bin/env bash
# Makes sure the Debian packages of scripts/system-packages.txt are installed.
#   scripts/system_packages.sh run    what `make run` and production need
#   scripts/system_packages.sh test   that, and what `make test` needs too
# As root on Debian the missing ones are installed with apt-get; otherwise the script stops and
# prints the exact command to run. Off Debian each package is checked by its probe (a command or
# a shared library) and the Debian package names are printed for the local equivalents.
set -euo pipefail
need=${1:-run}
list="$(dirname "$0")/system-packages.txt"

wanted=()
probes=()
while read -r kind package probe _; do
  case "$kind" in ""|\#*) continue ;; esac
  if [ "$kind" = run ] || [ "$need" = test ]; then
    wanted+=("$package")
    probes+=("$probe")
  fi
done <"$list"

installed() {  # package probe
  case "$2" in any:*) command -v "${2#any:}" >/dev/null 2>&1 && return 0 ;; esac
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
    return
  fi
  case "$2" in
    cmd:*|any:*) command -v "${2#*:}" >/dev/null 2>&1 ;;
    lib:*) { ldconfig -p 2>/dev/null || true; } | grep -q "${2#lib:}" ;;
    *) return 1 ;;
  esac
}

missing=()
for i in "${!wanted[@]}"; do
  installed "${wanted[$i]}" "${probes[$i]}" || missing+=("${wanted[$i]}")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing system packages: ${missing[*]}" >&2
if command -v apt-get >/dev/null 2>&1; then
  echo "Install them, then run make again:  sudo $command" >&2
else
  echo "These are Debian's names; install your system's equivalents, then run make again." >&2
  echo "On Debian the command is:  $command" >&2
fi
exit 1
