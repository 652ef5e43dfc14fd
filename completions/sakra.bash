# bash completion for sakra (written by 'sakra completion bash')
_sakra() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd= i opts= words=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ $prev == -C || $prev == -o ]]; then
		COMPREPLY=($(compgen -f -- "$cur")); return
	fi
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "init import check status evidence system keygen approve verify export build bundle open log diff inbox migrate frameworks hooks ci completion lsp --version --help --quiet --verbose --color -C" -- "$cur")); return
	fi
	case $cmd:$prev in
	init:--framework) COMPREPLY=($(compgen -W "$(sakra completion --list framework 2>/dev/null)" -- "$cur")); return ;;
	init:--org) COMPREPLY=(); return ;;
	init:--business-id) COMPREPLY=(); return ;;
	init:--ci) COMPREPLY=($(compgen -W "github forgejo gitlab" -- "$cur")); return ;;
	init:--language) COMPREPLY=(); return ;;
	init:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	import:--framework) COMPREPLY=($(compgen -W "$(sakra completion --list framework 2>/dev/null)" -- "$cur")); return ;;
	import:--language) COMPREPLY=(); return ;;
	import:--org) COMPREPLY=(); return ;;
	import:--business-id) COMPREPLY=(); return ;;
	import:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	check:--rev) COMPREPLY=($(compgen -W "$(sakra completion --list rev 2>/dev/null)" -- "$cur")); return ;;
	check:--format) COMPREPLY=($(compgen -W "text json sarif codequality" -- "$cur")); return ;;
	check:--today) COMPREPLY=(); return ;;
	check:--new-since) COMPREPLY=($(compgen -W "$(sakra completion --list rev 2>/dev/null)" -- "$cur")); return ;;
	check:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	status:--rev) COMPREPLY=($(compgen -W "$(sakra completion --list rev 2>/dev/null)" -- "$cur")); return ;;
	status:--format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	status:--today) COMPREPLY=(); return ;;
	status:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	evidence:--date) COMPREPLY=(); return ;;
	evidence:--covers) COMPREPLY=(); return ;;
	evidence:--title) COMPREPLY=(); return ;;
	evidence:--classification) COMPREPLY=(); return ;;
	evidence:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	system:--class) COMPREPLY=(); return ;;
	system:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	keygen:--name) COMPREPLY=(); return ;;
	keygen:--role) COMPREPLY=(); return ;;
	keygen:--passphrase-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	keygen:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	approve:--key) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	approve:--rev) COMPREPLY=($(compgen -W "$(sakra completion --list rev 2>/dev/null)" -- "$cur")); return ;;
	approve:--decision) COMPREPLY=(); return ;;
	approve:--passphrase-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	approve:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	verify:--key) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	verify:--keyring) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	verify:--identity) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	verify:--passphrase-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	verify:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	export:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	build:--rev) COMPREPLY=($(compgen -W "$(sakra completion --list rev 2>/dev/null)" -- "$cur")); return ;;
	build:--edition) COMPREPLY=($(compgen -W "$(sakra completion --list edition 2>/dev/null)" -- "$cur")); return ;;
	build:--today) COMPREPLY=(); return ;;
	build:--format) COMPREPLY=($(compgen -W "site pdf" -- "$cur")); return ;;
	build:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	bundle:--rev) COMPREPLY=($(compgen -W "$(sakra completion --list rev 2>/dev/null)" -- "$cur")); return ;;
	bundle:--edition) COMPREPLY=($(compgen -W "$(sakra completion --list edition 2>/dev/null)" -- "$cur")); return ;;
	bundle:--format) COMPREPLY=($(compgen -W "age zip tar" -- "$cur")); return ;;
	bundle:--recipient) COMPREPLY=(); return ;;
	bundle:--recipients-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	bundle:--passphrase-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	bundle:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	open:--key) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	open:--keyring) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	open:--identity) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	open:--passphrase-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	open:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	log:--format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	log:--key) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	log:--keyring) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	log:--identity) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	log:--passphrase-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	log:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	diff:--format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	diff:--key) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	diff:--keyring) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	diff:--identity) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	diff:--passphrase-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	diff:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	inbox:--archive) COMPREPLY=(); return ;;
	inbox:--today) COMPREPLY=(); return ;;
	inbox:--format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	inbox:--key) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	inbox:--keyring) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	inbox:--identity) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	inbox:--passphrase-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	inbox:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	migrate:--to) COMPREPLY=(); return ;;
	migrate:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	frameworks:--format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	frameworks:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	hooks:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	ci:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	completion:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	lsp:--log) COMPREPLY=(); return ;;
	lsp:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	esac
	case $cmd in
	init) opts="--framework --org --business-id --ci --language --color --quiet --verbose --help" words="" ;;
	import) opts="--framework --language --org --business-id --color --quiet --verbose --help" words="" ;;
	check) opts="--rev --format --strict --today --rules --index --new-since --color --quiet --verbose --help" words="" ;;
	status) opts="--rev --format --today --color --quiet --verbose --help" words="" ;;
	evidence) opts="--date --covers --title --classification --color --quiet --verbose --help" words="add" ;;
	system) opts="--class --color --quiet --verbose --help" words="add" ;;
	keygen) opts="--name --role --passphrase-file --no-passphrase --color --quiet --verbose --help" words="" ;;
	approve) opts="--key --rev --decision --passphrase-file --color --quiet --verbose --help" words="" ;;
	verify) opts="--key --keyring --accept-bundle-keys --identity --passphrase-file --color --quiet --verbose --help" words="" ;;
	export) opts="--color --quiet --verbose --help" words="" ;;
	build) opts="--rev --edition --today --format --color --quiet --verbose --help" words="" ;;
	bundle) opts="--rev --edition --format --recipient --recipients-file --passphrase-file --draft --color --quiet --verbose --help" words="" ;;
	open) opts="--draft --key --keyring --accept-bundle-keys --identity --passphrase-file --color --quiet --verbose --help" words="" ;;
	log) opts="--format --key --keyring --accept-bundle-keys --identity --passphrase-file --color --quiet --verbose --help" words="" ;;
	diff) opts="--format --stat --key --keyring --accept-bundle-keys --identity --passphrase-file --color --quiet --verbose --help" words="" ;;
	inbox) opts="--archive --merge --today --format --key --keyring --accept-bundle-keys --identity --passphrase-file --color --quiet --verbose --help" words="" ;;
	migrate) opts="--to --write --color --quiet --verbose --help" words="" ;;
	frameworks) opts="--format --color --quiet --verbose --help" words="show" ;;
	hooks) opts="--server --color --quiet --verbose --help" words="install pre-receive" ;;
	ci) opts="--color --quiet --verbose --help" words="github forgejo gitlab" ;;
	completion) opts="--color --quiet --verbose --help" words="bash zsh fish" ;;
	lsp) opts="--log --color --quiet --verbose --help" words="" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$words" -- "$cur") $(compgen -f -- "$cur"))
	fi
}
complete -F _sakra sakra
