#!/usr/bin/env bash
# cli_test.sh ARNET SRC_DIR - the arnet command line, end to end.
#
# Runs the real binary as a person or script would: exit codes, what goes
# to stdout and what to stderr, text and --json output, refusals of bad
# input with a message that names what is wrong. Every case runs in a
# temporary directory that is removed at the end. Prints one line per
# failure and a final "N passed, M failed".
set -u
. "$2/tests/cli/lib.sh"

# --- usage errors: exit 2 and a message on stderr ---
expect 2 "no command" "$arnet"
has err "usage" "no command"
expect 2 "unknown command" "$arnet" frobnicate
has err "frobnicate" "unknown command"
expect 2 "unknown global option" "$arnet" --bogus version
has err "--bogus" "unknown global option"
expect 2 "id check without ID" "$arnet" id check
expect 2 "id unknown subcommand" "$arnet" id mangle x
expect 2 "keygen without --out" "$arnet" keygen
expect 2 "--data without value" "$arnet" --data

# --- help and version ---
expect 0 "help" "$arnet" --help
for c in id keygen record version; do has out "$c" "help lists $c"; done
empty err "help"
expect 0 "version" "$arnet" version
has out "0.1.0" "version"
expect 0 "version json" "$arnet" --json version
json 'o["version"] == "0.1.0" and o["record_format"] == 1' "version json"

# --- id check: hostile first ---
expect 1 "wrong check character" "$arnet" id check 91350100M000100Y44
has err "expected '3'" "wrong check character"
empty out "wrong check character (nothing on stdout)"
expect 1 "wrong check json" "$arnet" --json id check 91350100M000100Y44
json 'o["valid"] is False and o["code"] == "ARNET_ECHECK"' "wrong check json"
has err "expected '3'" "wrong check json stderr"
expect 1 "unknown scheme" "$arnet" id check vat:123
has err "unknown identifier scheme" "unknown scheme"
expect 1 "ambiguous bare" "$arnet" id check 12345
has err "prefix it" "ambiguous bare"
expect 1 "lei check digits" "$arnet" id check lei:5493001KJTIIGC8Y1R13
has err "12" "lei check digits"
expect 0 "uscc ok" "$arnet" id check 91350100m000100y43
has out "uscc:91350100M000100Y43" "uscc ok"
expect 0 "id json after command" "$arnet" id check lei:5493001kjtiigc8y1r12 --json
json 'o["canonical"] == "lei:5493001KJTIIGC8Y1R12" and o["scheme"] == "lei"' "id json"
expect 0 "local chinese" "$arnet" --json id check 'local:客户-1001'
json 'o["canonical"] == "local:客户-1001"' "local chinese round trip"

# --- keygen ---
expect 0 "keygen plain" "$arnet" keygen --out a.key --comment "member A"
if [ "$(stat -c %a a.key)" = 600 ]; then ok; else bad "secret key mode $(stat -c %a a.key)"; fi
has a.key.pub "untrusted comment: arnet public key member A" "public key file"
pub=$(tail -n 1 a.key.pub)
has out "$pub" "keygen prints the public key"
expect 1 "keygen refuses to overwrite" "$arnet" keygen --out a.key
has err "a.key" "keygen overwrite names the file"
has a.key.pub "$pub" "public key unchanged after refusal"
printf 'correct horse\n' > pass.txt
chmod 600 pass.txt # arnet refuses a passphrase file others may read
expect 0 "keygen encrypted" "$arnet" --json keygen --out b.key --passphrase-file pass.txt
json 'o["encrypted"] is True and len(o["public_key"]) == 44' "keygen encrypted json"
expect 1 "keygen missing passphrase file" "$arnet" keygen --out c.key --passphrase-file nope.txt
has err "nope.txt" "missing passphrase file named"
[ ! -e c.key ] && ok || bad "c.key created despite the error"
: > empty.txt
chmod 600 empty.txt
expect 1 "keygen empty passphrase" "$arnet" keygen --out d.key --passphrase-file empty.txt
[ ! -e d.key ] && ok || bad "d.key created despite an empty passphrase"

# --- record sign and decode ---
printf 'contract\n' > ev.txt
chmod 600 ev.txt # also the wrong passphrase below
expect 0 "sign default" "$arnet" record sign --key a.key --type default \
	--subject 91350100M000100Y43 --amount 123,456.78 --currency CNY \
	--due 2026-08-01 --days-past-due 95 --evidence ev.txt \
	--created 2026-11-04T09:00:00Z
rec=$(cat out)
expect 0 "decode" "$arnet" record decode "$rec"
has out "signature" "decode text"
has out "123,456.78" "decode shows the amount in yuan"
has out "uscc:91350100M000100Y43" "decode subject"
expect 0 "decode json from stdin" sh -c "echo '$rec' | '$arnet' --json record decode -"
json 'o["signature_valid"] is True and o["fields"]["amount"] == 12345678 and o["fields"]["days_past_due"] == 95' "decode json"
# Alter one byte of the amount: well-formed, signature fails, exit 3.
alt="${rec:0:230}00${rec:232}"
expect 3 "tampered record" "$arnet" --json record decode "$alt"
json 'o["signature_valid"] is False' "tampered json"
# Truncated: exit 1 with the field and byte.
expect 1 "truncated record" "$arnet" record decode "${rec:0:100}"
has err "at byte" "truncated names the byte"
expect 1 "trailing byte" "$arnet" record decode "${rec}00"
has err "after the end" "trailing byte"
expect 1 "odd hex" "$arnet" record decode "${rec}0"
expect 1 "not hex" "$arnet" record decode "zz$rec"
# The encrypted key needs its passphrase; without a terminal it fails fast.
expect 1 "encrypted key, no passphrase" "$arnet" record sign --key b.key \
	--type credit-stop --subject 91350100M000100Y43 </dev/null
expect 0 "encrypted key with passphrase" "$arnet" record sign --key b.key \
	--passphrase-file pass.txt --type blacklist --subject duns:150483782 \
	--reason insolvency
expect 1 "wrong passphrase" "$arnet" record sign --key b.key \
	--passphrase-file ev.txt --type credit-stop --subject duns:150483782
has err "passphrase" "wrong passphrase named"
# A secret key others can read is refused.
cp a.key open.key && chmod 644 open.key
expect 1 "readable key refused" "$arnet" record sign --key open.key \
	--type credit-stop --subject duns:150483782
has err "chmod 600" "readable key says how to fix"
# Malformed option values are usage errors (exit 2) naming the option.
expect 2 "bad amount" "$arnet" record sign --key a.key --type default \
	--subject duns:150483782 --amount 12.345 --due 2026-08-01 --days-past-due 9
has err "amount" "bad amount named"
expect 2 "bad date" "$arnet" record sign --key a.key --type default \
	--subject duns:150483782 --amount 12.34 --due 2026-02-30 --days-past-due 9
has err "2026-02-30" "bad date named"
expect 2 "bad subject" "$arnet" record sign --key a.key --type credit-stop \
	--subject 91350100M000100Y44
has err "expected '3'" "bad subject check char"
# Chaining: a settlement after the default refers to it.
expect 0 "sign settlement" "$arnet" --json record sign --key a.key \
	--type settlement --subject 91350100M000100Y43 --after "$rec" \
	--target "$rec" --how paid --amount 123,456.78
json 'o["fields"]["seq"] == 2 and o["fields"]["target"]["seq"] == 1' "settlement chains"
# A settlement of someone else's record is refused before signing.
other=$("$arnet" record sign --key b.key --passphrase-file pass.txt \
	--type credit-stop --subject 91350100M000100Y43)
expect 1 "settle another's record" "$arnet" record sign --key a.key \
	--type lift --subject 91350100M000100Y43 --seq 2 \
	--prev "$(printf 'ab%.0s' $(seq 32))" --target "$other"
has err "own" "settle another's record"

# --- stdout write errors turn into exit 1 ---
if [ -w /dev/full ]; then
	"$arnet" version >/dev/full 2>err
	[ $? -eq 1 ] && ok || bad "write error on stdout not reported"
fi

finish
