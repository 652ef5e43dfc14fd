#!/usr/bin/env bash
# man_l10n.sh MANDIR: 'man -L sv sakra' and 'man -L fi sakra' open the
# installed translations under MANDIR, every section heading in the
# language and no paragraph of the English page left in them.
set -u
dir=$1
fail=0
page() {
	MANPATH=$dir LC_ALL=C.UTF-8 MANWIDTH=100 MAN_KEEP_FORMATTING= man -L "$1" sakra 2>&1 | col -b
}
check() {
	local lang=$1 text
	shift
	text=$(page "$lang")
	for heading in "$@"; do
		grep -qx "$heading" <<<"$text" || { echo "man -L $lang sakra: no heading '$heading'"; fail=1; }
	done
	# the English page's own words, which a fallback or an untranslated
	# paragraph would show
	for english in DESCRIPTION COMMANDS OPTIONS 'Creates +a +plan +repository' 'Checks +the +plan +and +prints' \
		'Decrypts +a +bundle' 'Every +finding +names +its +rule' 'Success; +warnings +are +allowed'; do
		if grep -qE "$english" <<<"$text"; then
			echo "man -L $lang sakra: English text '$english'"
			fail=1
		fi
	done
	for cmd in init check status 'system add' 'evidence add' keygen approve verify export build \
		bundle open log diff inbox migrate frameworks 'hooks install' lsp; do
		grep -qE "^       $cmd( |$)" <<<"$text" || { echo "man -L $lang sakra: no command '$cmd'"; fail=1; }
	done
}
check sv NAMN SYNOPSIS BESKRIVNING KOMMANDON FLAGGOR PLATSHÅLLARE FÄLT REGLER SLUTSTATUS MILJÖ FILER EXEMPEL 'SE ÄVEN'
check fi NIMI KÄYTTÖ KUVAUS KOMENNOT VALITSIMET PAIKKAMERKIT KENTÄT SÄÄNNÖT PALUUARVO YMPÄRISTÖ TIEDOSTOT ESIMERKKEJÄ 'KATSO MYÖS'
page sv | grep -qE 'Ett +obligatoriskt +fält' || { echo "man -L sv sakra: the FIELDS section is not Swedish"; fail=1; }
page fi | grep -qE 'Pakollinen +kenttä' || { echo "man -L fi sakra: the FIELDS section is not Finnish"; fail=1; }
[ $fail = 0 ] && echo "man_l10n: man -L sv and man -L fi open translated pages"
exit $fail
