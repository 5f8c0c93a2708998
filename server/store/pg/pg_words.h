/* pg_words.h -- words of a text as SQLite FTS5's unicode61 tokenizer makes them, for the
** PostgreSQL store's table_search (pg_search.c), and array literals for bound lists. */
#ifndef SRV_PG_WORDS_H
#define SRV_PG_WORDS_H

#include <stddef.h>

#include "base/util.h"

/* Append the words of TEXT (UTF-8; NULL: none) to B, each followed by one space, as FTS5's
** unicode61 tokenizer with remove_diacritics 2 makes its tokens: runs of the code points it
** does not take for separators (ASCII letters and digits; beyond ASCII, what SQLite's tables
** class as letters, numbers, marks or private use), case folded and diacritics removed (some
** marks fold to nothing; a word left empty is dropped).  Returns how many words it added.
** Indexed text and searched phrases both go through here, so they fold alike. */
size_t pg_words_add(struct sbuf *b, const char *text);

/* PostgreSQL array literals in text format, for binding a list as one argument ($n::text[]): start
** with pg_array_open() on an empty B, add elements, end with pg_array_close() (then B->p is the
** literal, "{}" when empty).  A text element is quoted with its '"' and '\' escaped. */
void pg_array_open(struct sbuf *b);
void pg_array_text(struct sbuf *b, const char *s);
void pg_array_raw(struct sbuf *b, const char *s); /* a number's text, as is */
void pg_array_close(struct sbuf *b);

#endif
