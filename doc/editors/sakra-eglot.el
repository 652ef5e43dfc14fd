;; sakra's language server in Emacs 29 or later (eglot is built in): add to
;; your init file, open a chapter of the plan and run M-x eglot.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(markdown-mode "sakra" "lsp")))
