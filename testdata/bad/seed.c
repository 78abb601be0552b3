/*
 * Seed of the hostile ELF inputs (tests/e2e/make_bad.py). Compiled with
 * gcc -g -gdwarf-4 -gz=none, as an object (-c), as assembly with DWARF comments (-S -dA)
 * and as a shared object; the generator then breaks one thing at a time. The names are
 * long enough for gcc to put them in .debug_str, so that they can grow without moving
 * any DIE. Keep it small: every DIE offset the generator edits is found from gcc's
 * comments, not hard-coded.
 */
typedef unsigned int seed_u32;

struct seed_node {
	seed_u32 id;
	char tag[8];
	struct seed_node *next;
};

struct seed_node seed_head;

#if __SIZEOF_POINTER__ == 8
/* an upper bound in a DW_FORM_data8, for the generator to make absurd */
char (*seed_big)[1ULL << 40];
#endif

int seed_count(const struct seed_node *n)
{
	return n ? (int)n->id : 0;
}
