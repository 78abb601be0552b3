/* symbol_kind_changed: sk_thing is a function in v1 and a variable in v2. */
int sk_thing = 1;
int sk_other(void) { return 2; }
