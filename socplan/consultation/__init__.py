"""Public consultation of a draft plan, the reasoned resolution of every comment and the
approval by the councils (issue 13)."""
