-- sakra's language server in Neovim 0.7 or later (Debian 12 has 0.7.2).
-- Copy this file to ~/.config/nvim/plugin/sakra.lua, or source it from your
-- init.lua. Every Markdown file inside a plan (a folder above it holds
-- sakra.yml) is attached to one `sakra lsp` per plan; the findings of
-- `sakra check` appear as you type. `vim.g.sakra_command` names another
-- sakra than the one on PATH.
local clients = {}

local function plan_root(file)
	if file == "" then
		return nil
	end
	local found = vim.fn.findfile("sakra.yml", vim.fn.fnamemodify(file, ":p:h") .. ";")
	if found == "" then
		return nil
	end
	return vim.fn.fnamemodify(found, ":p:h")
end

vim.api.nvim_create_autocmd("FileType", {
	pattern = "markdown",
	callback = function(args)
		local root = plan_root(vim.api.nvim_buf_get_name(args.buf))
		if not root then
			return
		end
		local id = clients[root]
		if not id or not vim.lsp.get_client_by_id(id) then
			id = vim.lsp.start_client({
				name = "sakra",
				cmd = { vim.g.sakra_command or "sakra", "lsp" },
				root_dir = root,
			})
			clients[root] = id
		end
		if id then
			vim.lsp.buf_attach_client(args.buf, id)
		end
	end,
})
