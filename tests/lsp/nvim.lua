-- Neovim's own LSP client (0.7+) against `sakra lsp`, set up by the
-- configuration sakra ships ($CONFIG, doc/editors/sakra.lua): opens a
-- chapter of the plan, deletes a required field line as a writer would,
-- waits for the diagnostics and writes them to $OUT as "line:col code
-- message" lines.
local root, sakra, file, out = os.getenv("PLAN"), os.getenv("SAKRA"), os.getenv("FILE"),
	os.getenv("OUT")
vim.g.sakra_command = sakra
dofile(os.getenv("CONFIG"))
vim.cmd("edit " .. vim.fn.fnameescape(root .. "/" .. file))
local buf = vim.api.nvim_get_current_buf()
local id
local ready = vim.wait(20000, function()
	for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
		if c.name == "sakra" and c.initialized then
			id = c.id
			return true
		end
	end
	return false
end, 20)
local f = io.open(out, "w")
if not ready then
	f:write("the configuration attached no initialized sakra client\n")
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
