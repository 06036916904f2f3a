#!/usr/bin/env bash
# CTest fixture for the PACS tests: a real Orthanc (Debian's /usr/sbin/Orthanc) on free
# loopback ports with a temporary configuration and storage folder, seeded over its REST API.
#   orthanc-fixture.sh start STATE FIXTURES_EXE   starts it, writes STATE (KEY=VALUE lines)
#   orthanc-fixture.sh stop STATE                 stops it, deletes its folders and STATE
# Without /usr/sbin/Orthanc, start writes ORTHANC=missing and succeeds: the tests then skip.
set -euo pipefail

action=${1:?start or stop}
state=${2:?state file}
ORTHANC=${VEIL_ORTHANC:-/usr/sbin/Orthanc}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop() {
  [ -f "$state" ] || return 0
  # shellcheck disable=SC1090
  source "$state"
  if [ -n "${ORTHANC_PID:-}" ] && kill -0 "$ORTHANC_PID" 2>/dev/null; then
    kill "$ORTHANC_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$ORTHANC_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$ORTHANC_PID" 2>/dev/null || true
  fi
  if [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
    rm -rf "$WORK"
  fi
  rm -f "$state"
}

if [ "$action" = stop ]; then
  stop
  exit 0
fi

fixtures=${3:?veil-fixtures executable}
stop # a state file left by a killed run
mkdir -p "$(dirname "$state")"
if [ ! -x "$ORTHANC" ]; then
  echo "ORTHANC=missing" > "$state"
  echo "orthanc-fixture: $ORTHANC is missing (apt-get install orthanc); the PACS tests will skip"
  exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/veil-orthanc.XXXXXX")
DICOM_PORT=$(free_port)
HTTP_PORT=$(free_port)
MOVE_PORT=$(free_port)
while [ "$HTTP_PORT" = "$DICOM_PORT" ]; do HTTP_PORT=$(free_port); done
while [ "$MOVE_PORT" = "$DICOM_PORT" ] || [ "$MOVE_PORT" = "$HTTP_PORT" ]; do MOVE_PORT=$(free_port); done
AET=VEILORTHANC
VEIL_AET=VEILTEST
mkdir -p "$WORK/storage" "$WORK/index" "$WORK/corpus"

# Everything but JPEG-LS is accepted, so sending a JPEG-LS file exercises the fallback to an
# uncompressed syntax (Veil decompresses it).
cat > "$WORK/orthanc.json" <<JSON
{
  "Name" : "veil-test",
  "StorageDirectory" : "$WORK/storage",
  "IndexDirectory" : "$WORK/index",
  "Plugins" : [],
  "HttpServerEnabled" : true,
  "HttpPort" : $HTTP_PORT,
  "RemoteAccessAllowed" : false,
  "AuthenticationEnabled" : false,
  "DicomServerEnabled" : true,
  "DicomAet" : "$AET",
  "DicomPort" : $DICOM_PORT,
  "DicomCheckCalledAet" : true,
  "DicomCheckModalityHost" : false,
  "DicomAlwaysAllowEcho" : true,
  "DicomAlwaysAllowStore" : true,
  "DicomAlwaysAllowFind" : false,
  "DicomAlwaysAllowGet" : false,
  "DicomAlwaysAllowMove" : false,
  "DicomAssociationCloseDelay" : 0,
  "DicomModalities" : {
    "veil" : [ "$VEIL_AET", "127.0.0.1", $MOVE_PORT ]
  },
  "AcceptedTransferSyntaxes" : [
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
    "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
    "1.2.840.10008.1.2.5"
  ],
  "SaveJobs" : false,
  "StorageCompression" : false
}
JSON

"$ORTHANC" "$WORK/orthanc.json" > "$WORK/orthanc.log" 2>&1 &
ORTHANC_PID=$!
cat > "$state" <<STATE
ORTHANC=$ORTHANC
ORTHANC_PID=$ORTHANC_PID
WORK=$WORK
AET=$AET
DICOM_PORT=$DICOM_PORT
HTTP_PORT=$HTTP_PORT
VEIL_AET=$VEIL_AET
MOVE_PORT=$MOVE_PORT
CORPUS=$WORK/corpus
STATE

url="http://127.0.0.1:$HTTP_PORT"
for _ in $(seq 1 300); do
  curl -sf "$url/system" > /dev/null 2>&1 && break
  if ! kill -0 "$ORTHANC_PID" 2>/dev/null; then
    echo "orthanc-fixture: Orthanc exited at start:"; tail -20 "$WORK/orthanc.log"; stop; exit 1
  fi
  sleep 0.1
done
if ! curl -sf "$url/system" > /dev/null; then
  echo "orthanc-fixture: Orthanc did not answer $url/system within 30 s"; tail -20 "$WORK/orthanc.log"
  stop; exit 1
fi

# The seed: the fixtures corpus (three patients, CT/US/DX/SR/SC), uncompressed copies only.
QT_QPA_PLATFORM=offscreen "$fixtures" --seed 14 --no-compressed "$WORK/corpus" > /dev/null
count=0
while IFS= read -r -d '' f; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/instances" --data-binary "@$f")
  if [ "$code" != 200 ]; then
    echo "orthanc-fixture: POST /instances of $f answered HTTP $code"; stop; exit 1
  fi
  count=$((count + 1))
done < <(find "$WORK/corpus" -name '*.dcm' -print0)
echo "SEEDED=$count" >> "$state"
echo "orthanc-fixture: Orthanc $AET on 127.0.0.1:$DICOM_PORT (REST $HTTP_PORT), $count instances"
