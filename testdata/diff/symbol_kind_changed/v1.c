/* symbol_kind_changed: sk_thing is a function in v1 and a variable in v2. */
int sk_thing(void) { return 1; }
int sk_other(void) { return 2; }
