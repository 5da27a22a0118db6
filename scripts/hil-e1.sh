#!/usr/bin/env bash
# Hardware-in-the-loop check for E1/T1 cards, run ON A BOX WITH A CARD (never
# on the development machines: they have no /dev/dahdi). It detects the card,
# optionally applies a config or a local loopback, and prints span state.
#
#   scripts/hil-e1.sh                      detect and print state
#   scripts/hil-e1.sh --config FILE        dahdi_cfg -t on FILE, then apply it (keeps a backup)
#   scripts/hil-e1.sh --loopback SPAN      framer loopback on SPAN: RED must clear (port healthy)
#   scripts/hil-e1.sh --api URL --token T  also compare with hotlined's /api/v1/hardware and /health
#
# Exit status: 0 all checked spans clear, 1 a span in alarm or a step failed,
# 2 no DAHDI hardware. Needs root (dahdi_cfg, dahdi_maint), asterisk -rx for
# the chan_dahdi view, curl for --api.
set -euo pipefail

CONFIG=""
LOOP_SPAN=""
API=""
TOKEN=""
SETTLE=${HIL_SETTLE_SECONDS:-8}
while [ $# -gt 0 ]; do
  case "$1" in
    --config) CONFIG=$2; shift 2 ;;
    --loopback) LOOP_SPAN=$2; shift 2 ;;
    --api) API=$2; shift 2 ;;
    --token) TOKEN=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 1 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
fail=0

say "detection"
if [ ! -e /dev/dahdi/ctl ]; then
  echo "no DAHDI hardware (/dev/dahdi/ctl missing: no card, or the drivers are not loaded)"
  command -v dahdi_hardware >/dev/null && dahdi_hardware || true
  exit 2
fi
command -v dahdi_hardware >/dev/null && dahdi_hardware -v || echo "(dahdi_hardware not installed)"
for d in /sys/bus/dahdi_devices/devices/*; do
  [ -e "$d" ] || continue
  printf '%s: %s, location "%s", spantype %s\n' "$(basename "$d")" "$(cat "$d/type" 2>/dev/null)" \
    "$(cat "$d/location" 2>/dev/null)" "$(tr '\n' ' ' <"$d/spantype" 2>/dev/null)"
done

if [ -n "$CONFIG" ]; then
  say "apply $CONFIG"
  dahdi_cfg -t -v -c "$CONFIG"
  backup=/etc/dahdi/system.conf.hil-$(date +%s)
  cp -p /etc/dahdi/system.conf "$backup" 2>/dev/null && echo "backup: $backup" || true
  if ! dahdi_cfg -vv -c "$CONFIG"; then
    echo "dahdi_cfg failed; re-applying the previous /etc/dahdi/system.conf" >&2
    dahdi_cfg -c /etc/dahdi/system.conf || true
    exit 1
  fi
  sleep "$SETTLE"
fi

if [ -n "$LOOP_SPAN" ]; then
  say "local loopback on span $LOOP_SPAN"
  dahdi_maint -s "$LOOP_SPAN" -l localhost
  sleep "$SETTLE"
  alarms=$(dahdi_scan "$LOOP_SPAN" | sed -n 's/^alarms=//p')
  echo "span $LOOP_SPAN in loopback: alarms=$alarms"
  dahdi_maint -s "$LOOP_SPAN" -l off
  case "$alarms" in
    OK|LB|LB/*|*/LB) echo "loopback clears the line alarm: the port and framer are healthy" ;;
    *) echo "still in alarm under loopback: suspect the port, its settings or the driver" >&2; fail=1 ;;
  esac
fi

say "spans (dahdi_scan)"
dahdi_scan | awk -F= '/^\[/{span=$0} /^(name|type|alarms|syncsrc|framing|coding)=/{printf "%s %s=%s\n", span, $1, $2}'
bad=$(dahdi_scan | awk -F= '/^alarms=/{ if ($2 != "OK" && $2 !~ /^UNCONFIG/) n++ } END { print n+0 }')
[ "$bad" -eq 0 ] || { echo "$bad span(s) in alarm" >&2; fail=1; }

say "counters (/proc/dahdi)"
for f in /proc/dahdi/[0-9]*; do
  [ -e "$f" ] || continue
  head -1 "$f"
  grep -E 'count|slips|misses' "$f" || echo "	no errors counted"
done

if command -v asterisk >/dev/null; then
  say "chan_dahdi"
  asterisk -rx 'dahdi show status' || true
  asterisk -rx 'pri show spans' || true
  asterisk -rx 'mfcr2 show channels' 2>/dev/null | head -40 || true
fi

if [ -n "$API" ]; then
  say "hotlined"
  auth=(-H "authorization: Bearer $TOKEN")
  curl -fsS "${auth[@]}" "$API/api/v1/hardware" | head -c 4000; echo
  curl -fsS "${auth[@]}" "$API/api/v1/hardware/health" | head -c 4000; echo
fi

exit "$fail"
