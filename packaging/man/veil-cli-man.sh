#!/usr/bin/env bash
# Writes the veil-cli(1) manual page from the program's own help: `veil-cli --help` gives
# the commands, `veil-cli COMMAND --help` each command's description, options and
# arguments. Run at build time (packaging/CMakeLists.txt), so the page cannot drift from
# the program.
#   veil-cli-man.sh VEIL_CLI VERSION DATE OUT
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 VEIL_CLI VERSION DATE OUT" >&2; exit 2; }
cli=$1 version=$2 date=$3 out=$4

# roff-escapes plain help text: backslashes, minus signs (option dashes), leading dots.
esc() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"; }

# Turns one command's Qt help (Usage line, description, Options:, Arguments:) into roff.
# Reads escaped text (esc). Skips -h/--help and --help-all, which the OPTIONS section describes once.
command_roff() {
  awk -v cmd="$1" '
    function flush() {
      if (term == "") return
      if (term != "\\-h, \\-\\-help" && term != "\\-\\-help\\-all") {
        print ".TP"
        if (section == "args") { printf "\\fI%s\\fR\n", term }
        else {
          n = split(term, parts, ", ")
          line = ""
          for (i = 1; i <= n; i++) {
            p = parts[i]; val = ""
            if (match(p, / <[^>]*>$/)) { val = substr(p, RSTART + 2, RLENGTH - 3); p = substr(p, 1, RSTART - 1) }
            item = "\\fB" p "\\fR" (val != "" ? " \\fI" val "\\fR" : "")
            line = line (i > 1 ? ", " : "") item
          }
          print line
        }
        print desc
      }
      term = ""; desc = ""
    }
    NR == 1 {
      sub(/^Usage: [^ ]*veil\\-cli /, "")
      printf ".SS \"veil\\-cli %s %s\"\n", cmd, $0
      next
    }
    /^Options:$/   { flush(); section = "opts"; print ".PP\nOptions:"; next }
    /^Arguments:$/ { flush(); section = "args"; print ".PP\nArguments:"; next }
    /^$/ { next }
    section == "" { print; next }
    /^  [^ ]/ {
      flush()
      line = substr($0, 3)
      if (match(line, /  +/)) { term = substr(line, 1, RSTART - 1); desc = substr(line, RSTART + RLENGTH) }
      else { term = line; desc = "" }
      next
    }
    { sub(/^ +/, ""); desc = desc " " $0 }
    END { flush() }
  '
}

main_help=$("$cli" --help)
# The command names: the lines of "Commands:" that start at two spaces.
mapfile -t commands < <(printf '%s\n' "$main_help" |
  awk '/^Commands:$/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }')
[ ${#commands[@]} -gt 0 ] || { echo "$0: no commands in '$cli --help'" >&2; exit 1; }

tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
{
  cat <<ROFF
.TH VEIL\\-CLI 1 "$date" "Veil $version" "User Commands"
.SH NAME
veil\\-cli \\- de\\-identify DICOM studies, scan them for burned\\-in text and verify the result
.SH SYNOPSIS
.B veil\\-cli
.I COMMAND
.RI [ OPTIONS ]
.IR INPUT ...
.br
.B veil\\-cli
.I COMMAND
.B \\-\\-help
.SH DESCRIPTION
.B veil\\-cli
is the headless face of Veil, which makes DICOM medical images safe to share. It reads
files, folders, zip archives and DICOMDIRs, and runs the same engine as the
.BR veil (1)
review window: header actions of the DICOM PS3.15 Annex E confidentiality profile,
burned\\-in text found by OCR, redaction boxes, a verification gate over every written
file and a hash\\-chained audit log. Sources are never modified.
.SH COMMANDS
ROFF
  printf '%s\n' "$main_help" | esc | awk '
    /^Commands:$/ { on = 1; next } /^$/ { if (on) { on = 0 } next }
    on && /^  [a-z]/ { if (d != "") print d; print ".TP"; printf "\\fB%s\\fR\n", $1; $1 = ""; sub(/^ +/, ""); d = $0; next }
    on { sub(/^ +/, ""); d = d " " $0 }
    END { if (d != "") print d }'
  for c in "${commands[@]}"; do
    "$cli" "$c" --help | esc | command_roff "$c"
  done
  cat <<'ROFF'
.SH OPTIONS
Every command takes
.TP
\fB\-h\fR, \fB\-\-help\fR
Print the command's options and exit.
.TP
\fB\-\-help\-all\fR
Also print the Qt options.
.SH ENVIRONMENT
.TP
.B VEIL_PASSPHRASE
The passphrase of the project key file, read when there is no terminal to ask on.
.SH EXIT STATUS
.TP
.B 0
Success (for \fBverify\fR: nothing identifying was found).
.TP
.B 1
Failure, or (for \fBverify\fR) identifying values were found in the output.
.TP
.B 2
Usage error: an unknown command or option, or a missing argument.
.SH FILES
.TP
.I /usr/share/doc/veil/docs/
The user guide, and the formats of profiles, redaction boxes and device templates
that the options above refer to as docs/*.md.
.SH SEE ALSO
.BR veil (1)
ROFF
} >"$tmp"
mv "$tmp" "$out"
trap - EXIT
