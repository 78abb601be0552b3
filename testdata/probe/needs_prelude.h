/* Needs probe_word_t from prelude.h, which it does not include itself. */
struct probe_words {
	probe_word_t w[3];
};
