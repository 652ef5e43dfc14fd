-- Neovim's own LSP client (0.7+) against `sakra lsp`: opens a chapter of the
-- plan, deletes a required field line as a writer would, waits for the
-- diagnostics and writes them to $OUT as "line:col code message" lines.
local root, sakra, file, out = os.getenv("PLAN"), os.getenv("SAKRA"), os.getenv("FILE"),
	os.getenv("OUT")
vim.cmd("edit " .. vim.fn.fnameescape(root .. "/" .. file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = "sakra", cmd = { sakra, "lsp" }, root_dir = root })
vim.lsp.buf_attach_client(buf, id)
local ready = vim.wait(20000, function()
	local c = vim.lsp.get_client_by_id(id)
	return c ~= nil and c.initialized
end, 20)
local f = io.open(out, "w")
if not ready then
	f:write("not initialized\n")
	f:close()
	vim.cmd("qa!")
end
for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
	if l:match("^Dataskyddsombud:") then
		vim.api.nvim_buf_set_lines(buf, i - 1, i, false, {})
		break
	end
end
vim.wait(20000, function()
	for _, d in ipairs(vim.diagnostic.get(buf)) do
		if d.message:match("Dataskyddsombud") then
			return true
		end
	end
	return false
end, 20)
for _, d in ipairs(vim.diagnostic.get(buf)) do
	local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
	f:write(string.format("%d:%d %s %s\n", d.lnum + 1, d.col + 1, code, d.message))
end
f:close()
vim.lsp.stop_client(id)
vim.cmd("qa!")
