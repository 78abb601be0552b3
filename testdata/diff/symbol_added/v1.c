/* symbol_added: v2 also exports the function sa_new and the variable sa_new_var. */
int sa_kept(int x) { return x + 1; }
