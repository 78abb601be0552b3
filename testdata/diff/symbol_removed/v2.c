/* symbol_removed: v2 no longer exports the function sr_gone and the variable sr_gone_var. */
int sr_kept(int x) { return x + 1; }
