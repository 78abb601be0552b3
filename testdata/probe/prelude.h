/* Included before needs_prelude.h with --include; its own types are not roots. */
typedef unsigned short probe_word_t;

struct probe_from_prelude {
	int x;
};
