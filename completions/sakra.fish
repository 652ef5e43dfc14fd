# fish completion for sakra (written by 'sakra completion fish')
complete -c sakra -f
complete -c sakra -n __fish_use_subcommand -s C -r -F -d 'run as if in DIR'
complete -c sakra -n __fish_use_subcommand -l version -d 'print the version'
complete -c sakra -n __fish_use_subcommand -a init -d 'create a plan repository from a framework'\''s skeleton'
complete -c sakra -n '__fish_seen_subcommand_from init' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from init' -l framework -x -a '(sakra completion --list framework 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from init' -l org -x
complete -c sakra -n '__fish_seen_subcommand_from init' -l business-id -x
complete -c sakra -n '__fish_seen_subcommand_from init' -l ci -x -a 'github forgejo gitlab'
complete -c sakra -n '__fish_seen_subcommand_from init' -l language -x
complete -c sakra -n '__fish_seen_subcommand_from init' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from init' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from init' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from init' -l help
complete -c sakra -n __fish_use_subcommand -a import -d 'a new plan repository from a Word, OpenDocument or Markdown plan'
complete -c sakra -n '__fish_seen_subcommand_from import' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from import' -l framework -x -a '(sakra completion --list framework 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from import' -l language -x
complete -c sakra -n '__fish_seen_subcommand_from import' -l org -x
complete -c sakra -n '__fish_seen_subcommand_from import' -l business-id -x
complete -c sakra -n '__fish_seen_subcommand_from import' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from import' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from import' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from import' -l help
complete -c sakra -n __fish_use_subcommand -a check -d 'check the plan against its framework (file:line findings)'
complete -c sakra -n '__fish_seen_subcommand_from check' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from check' -l rev -x -a '(sakra completion --list rev 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from check' -l format -x -a 'text json sarif codequality'
complete -c sakra -n '__fish_seen_subcommand_from check' -l strict
complete -c sakra -n '__fish_seen_subcommand_from check' -l today -x
complete -c sakra -n '__fish_seen_subcommand_from check' -l rules
complete -c sakra -n '__fish_seen_subcommand_from check' -l index
complete -c sakra -n '__fish_seen_subcommand_from check' -l new-since -x -a '(sakra completion --list rev 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from check' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from check' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from check' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from check' -l help
complete -c sakra -n __fish_use_subcommand -a status -d 'chapters, register, obligations and findings on one screen'
complete -c sakra -n '__fish_seen_subcommand_from status' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from status' -l rev -x -a '(sakra completion --list rev 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from status' -l format -x -a 'text json'
complete -c sakra -n '__fish_seen_subcommand_from status' -l today -x
complete -c sakra -n '__fish_seen_subcommand_from status' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from status' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from status' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from status' -l help
complete -c sakra -n __fish_use_subcommand -a evidence -d 'file an evidence record ('\''evidence add TYPE [FILE...]'\'')'
complete -c sakra -n '__fish_seen_subcommand_from evidence' -a 'add'
complete -c sakra -n '__fish_seen_subcommand_from evidence' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from evidence' -l date -x
complete -c sakra -n '__fish_seen_subcommand_from evidence' -l covers -x
complete -c sakra -n '__fish_seen_subcommand_from evidence' -l title -x
complete -c sakra -n '__fish_seen_subcommand_from evidence' -l classification -x
complete -c sakra -n '__fish_seen_subcommand_from evidence' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from evidence' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from evidence' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from evidence' -l help
complete -c sakra -n __fish_use_subcommand -a system -d 'register an information system ('\''system add NAME --class CLASS'\'')'
complete -c sakra -n '__fish_seen_subcommand_from system' -a 'add'
complete -c sakra -n '__fish_seen_subcommand_from system' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from system' -l class -x
complete -c sakra -n '__fish_seen_subcommand_from system' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from system' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from system' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from system' -l help
complete -c sakra -n __fish_use_subcommand -a keygen -d 'make an approver'\''s key pair (minisign formats)'
complete -c sakra -n '__fish_seen_subcommand_from keygen' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from keygen' -l name -x
complete -c sakra -n '__fish_seen_subcommand_from keygen' -l role -x
complete -c sakra -n '__fish_seen_subcommand_from keygen' -l passphrase-file -r -F
complete -c sakra -n '__fish_seen_subcommand_from keygen' -l no-passphrase
complete -c sakra -n '__fish_seen_subcommand_from keygen' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from keygen' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from keygen' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from keygen' -l help
complete -c sakra -n __fish_use_subcommand -a approve -d 'sign a commit'\''s manifest: approved version approved/vN'
complete -c sakra -n '__fish_seen_subcommand_from approve' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from approve' -l key -r -F
complete -c sakra -n '__fish_seen_subcommand_from approve' -l rev -x -a '(sakra completion --list rev 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from approve' -l decision -x
complete -c sakra -n '__fish_seen_subcommand_from approve' -l passphrase-file -r -F
complete -c sakra -n '__fish_seen_subcommand_from approve' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from approve' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from approve' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from approve' -l help
complete -c sakra -n __fish_use_subcommand -a verify -d 'check an approved version: signatures, roles, trust'
complete -c sakra -n '__fish_seen_subcommand_from verify' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from verify' -l key -r -F
complete -c sakra -n '__fish_seen_subcommand_from verify' -l keyring -r -F
complete -c sakra -n '__fish_seen_subcommand_from verify' -l accept-bundle-keys
complete -c sakra -n '__fish_seen_subcommand_from verify' -l identity -r -F
complete -c sakra -n '__fish_seen_subcommand_from verify' -l passphrase-file -r -F
complete -c sakra -n '__fish_seen_subcommand_from verify' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from verify' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from verify' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from verify' -l help
complete -c sakra -n __fish_use_subcommand -a export -d 'write the verification kit of an approved version'
complete -c sakra -n '__fish_seen_subcommand_from export' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from export' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from export' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from export' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from export' -l help
complete -c sakra -n __fish_use_subcommand -a build -d 'render an edition as a static site, or one PDF/A (--format pdf)'
complete -c sakra -n '__fish_seen_subcommand_from build' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from build' -l rev -x -a '(sakra completion --list rev 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from build' -l edition -x -a '(sakra completion --list edition 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from build' -l today -x
complete -c sakra -n '__fish_seen_subcommand_from build' -l format -x -a 'site pdf'
complete -c sakra -n '__fish_seen_subcommand_from build' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from build' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from build' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from build' -l help
complete -c sakra -n __fish_use_subcommand -a bundle -d 'write an edition of a version as one encrypted file'
complete -c sakra -n '__fish_seen_subcommand_from bundle' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l rev -x -a '(sakra completion --list rev 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l edition -x -a '(sakra completion --list edition 2>/dev/null)'
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l format -x -a 'age zip tar'
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l recipient -x
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l recipients-file -r -F
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l passphrase-file -r -F
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l draft
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from bundle' -l help
complete -c sakra -n __fish_use_subcommand -a open -d 'decrypt, verify and unpack a bundle'
complete -c sakra -n '__fish_seen_subcommand_from open' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from open' -l draft
complete -c sakra -n '__fish_seen_subcommand_from open' -l key -r -F
complete -c sakra -n '__fish_seen_subcommand_from open' -l keyring -r -F
complete -c sakra -n '__fish_seen_subcommand_from open' -l accept-bundle-keys
complete -c sakra -n '__fish_seen_subcommand_from open' -l identity -r -F
complete -c sakra -n '__fish_seen_subcommand_from open' -l passphrase-file -r -F
complete -c sakra -n '__fish_seen_subcommand_from open' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from open' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from open' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from open' -l help
complete -c sakra -n __fish_use_subcommand -a log -d 'the approved versions: who approved, when, what changed'
complete -c sakra -n '__fish_seen_subcommand_from log' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from log' -l format -x -a 'text json'
complete -c sakra -n '__fish_seen_subcommand_from log' -l key -r -F
complete -c sakra -n '__fish_seen_subcommand_from log' -l keyring -r -F
complete -c sakra -n '__fish_seen_subcommand_from log' -l accept-bundle-keys
complete -c sakra -n '__fish_seen_subcommand_from log' -l identity -r -F
complete -c sakra -n '__fish_seen_subcommand_from log' -l passphrase-file -r -F
complete -c sakra -n '__fish_seen_subcommand_from log' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from log' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from log' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from log' -l help
complete -c sakra -n __fish_use_subcommand -a diff -d 'what changed between two versions or two bundles, by section'
complete -c sakra -n '__fish_seen_subcommand_from diff' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from diff' -l format -x -a 'text json'
complete -c sakra -n '__fish_seen_subcommand_from diff' -l stat
complete -c sakra -n '__fish_seen_subcommand_from diff' -l key -r -F
complete -c sakra -n '__fish_seen_subcommand_from diff' -l keyring -r -F
complete -c sakra -n '__fish_seen_subcommand_from diff' -l accept-bundle-keys
complete -c sakra -n '__fish_seen_subcommand_from diff' -l identity -r -F
complete -c sakra -n '__fish_seen_subcommand_from diff' -l passphrase-file -r -F
complete -c sakra -n '__fish_seen_subcommand_from diff' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from diff' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from diff' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from diff' -l help
complete -c sakra -n __fish_use_subcommand -a inbox -d 'verify and file received bundles; an overview of the organisations'
complete -c sakra -n '__fish_seen_subcommand_from inbox' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l archive -x
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l merge
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l today -x
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l format -x -a 'text json'
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l key -r -F
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l keyring -r -F
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l accept-bundle-keys
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l identity -r -F
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l passphrase-file -r -F
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from inbox' -l help
complete -c sakra -n __fish_use_subcommand -a migrate -d 'move the plan to a newer revision of its framework (a diff; --write)'
complete -c sakra -n '__fish_seen_subcommand_from migrate' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from migrate' -l to -x
complete -c sakra -n '__fish_seen_subcommand_from migrate' -l write
complete -c sakra -n '__fish_seen_subcommand_from migrate' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from migrate' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from migrate' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from migrate' -l help
complete -c sakra -n __fish_use_subcommand -a frameworks -d 'list the built-in frameworks, or show one'
complete -c sakra -n '__fish_seen_subcommand_from frameworks' -a 'show'
complete -c sakra -n '__fish_seen_subcommand_from frameworks' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from frameworks' -l format -x -a 'text json'
complete -c sakra -n '__fish_seen_subcommand_from frameworks' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from frameworks' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from frameworks' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from frameworks' -l help
complete -c sakra -n __fish_use_subcommand -a hooks -d 'install a git hook that refuses commits adding check errors'
complete -c sakra -n '__fish_seen_subcommand_from hooks' -a 'install pre-receive'
complete -c sakra -n '__fish_seen_subcommand_from hooks' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from hooks' -l server
complete -c sakra -n '__fish_seen_subcommand_from hooks' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from hooks' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from hooks' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from hooks' -l help
complete -c sakra -n __fish_use_subcommand -a ci -d 'add a CI pipeline for GitHub, Forgejo/Gitea or GitLab'
complete -c sakra -n '__fish_seen_subcommand_from ci' -a 'github forgejo gitlab'
complete -c sakra -n '__fish_seen_subcommand_from ci' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from ci' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from ci' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from ci' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from ci' -l help
complete -c sakra -n __fish_use_subcommand -a completion -d 'print the shell completion for bash, zsh or fish'
complete -c sakra -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'
complete -c sakra -n '__fish_seen_subcommand_from completion' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from completion' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from completion' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from completion' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from completion' -l help
complete -c sakra -n __fish_use_subcommand -a lsp -d 'serve the Language Server Protocol to an editor'
complete -c sakra -n '__fish_seen_subcommand_from lsp' -s o -r -F
complete -c sakra -n '__fish_seen_subcommand_from lsp' -l log -x
complete -c sakra -n '__fish_seen_subcommand_from lsp' -l color -x -a 'auto always never'
complete -c sakra -n '__fish_seen_subcommand_from lsp' -l quiet
complete -c sakra -n '__fish_seen_subcommand_from lsp' -l verbose
complete -c sakra -n '__fish_seen_subcommand_from lsp' -l help
