/* thrift.h -- Thrift TBinaryProtocol: a bounded message scanner, a decoder to a value tree, a
 * writer. */
#ifndef SRV_THRIFT_H
#define SRV_THRIFT_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

/* Wire types (TType). */
enum thrift_type {
    THRIFT_STOP = 0,
    THRIFT_BOOL = 2,
    THRIFT_BYTE = 3,
    THRIFT_DOUBLE = 4,
    THRIFT_I16 = 6,
    THRIFT_I32 = 8,
    THRIFT_I64 = 10,
    THRIFT_STRING = 11, /* also binary */
    THRIFT_STRUCT = 12,
    THRIFT_MAP = 13,
    THRIFT_SET = 14,
    THRIFT_LIST = 15
};

/* Message types (TMessageType). */
enum thrift_msg_type { THRIFT_CALL = 1, THRIFT_REPLY = 2, THRIFT_EXCEPTION = 3, THRIFT_ONEWAY = 4 };

/* TApplicationException types. */
enum thrift_app_error {
    THRIFT_APP_UNKNOWN = 0,
    THRIFT_APP_UNKNOWN_METHOD = 1,
    THRIFT_APP_INVALID_MESSAGE_TYPE = 2,
    THRIFT_APP_WRONG_METHOD_NAME = 3,
    THRIFT_APP_BAD_SEQUENCE_ID = 4,
    THRIFT_APP_MISSING_RESULT = 5,
    THRIFT_APP_INTERNAL_ERROR = 6,
    THRIFT_APP_PROTOCOL_ERROR = 7
};

/* What a message may hold.  Every size read from the wire is checked against these before
** anything is allocated for it. */
struct thrift_limits {
    size_t max_message;   /* bytes of one message (the frame, when framed) */
    size_t max_string;    /* bytes of one string or binary */
    size_t max_container; /* elements of one list or set, entries of one map */
    size_t max_values;    /* values in one message, all nesting levels together */
    int max_depth;        /* nesting of structs and containers (the arguments struct is 1) */
};

#define THRIFT_MAX_NAME 256 /* bytes of a method name */

/* The defaults: 16 MiB messages and strings, 1,000,000 elements and values, depth 64. */
extern const struct thrift_limits thrift_default_limits;

/* Outcomes of the scanner and the decoder. */
enum thrift_rc {
    THRIFT_OK = 0,     /* complete and well formed */
    THRIFT_MORE = 1,   /* well formed so far; more bytes are needed */
    THRIFT_EBAD = -1,  /* malformed (a bad type, version, negative size, trailing garbage) */
    THRIFT_ELIMIT = -2 /* over a limit */
};

/*
** The scanner: where a message sent over an unframed (buffered) transport ends, found without
** allocating, fed the bytes received so far.  Call thrift_scan() again with the same buffer
** grown (the bytes already seen unchanged); it resumes where it stopped, so the bytes of a message
** are looked at once however they arrive.  Sizes are checked as soon as they are read, so a client
** announcing a huge string or list is refused before it sends it.
*/
struct thrift_scan_frame {
    unsigned char kind;         /* THRIFT_STRUCT, THRIFT_LIST (also sets) or THRIFT_MAP */
    unsigned char etype, vtype; /* element type (map: key type, value type) */
    unsigned char phase;        /* map: 0 key next, 1 value next */
    uint32_t left;              /* elements (map: entries) still to come */
};

struct thrift_scan {
    struct thrift_limits lim;
    size_t pos;    /* bytes accepted */
    int started;   /* the message header was read */
    int pending;   /* type of a value whose field header was read, or -1 */
    size_t values; /* values seen */
    int depth;
    struct thrift_scan_frame stack[128];
    const char *why; /* static: what is wrong, on THRIFT_EBAD / THRIFT_ELIMIT */
};

/* Start scanning a new message under LIM (NULL: the defaults; max_depth is capped at 128). */
void thrift_scan_init(struct thrift_scan *s, const struct thrift_limits *lim);
/* Scan BUF[0..LEN): THRIFT_OK with *END the message's length (bytes past it belong to the next
** message), THRIFT_MORE, or THRIFT_EBAD / THRIFT_ELIMIT with S->why set. */
int thrift_scan(struct thrift_scan *s, const unsigned char *buf, size_t len, size_t *end);

/*
** A decoded value.  Strings point into the message's bytes (not NUL-terminated, not copied):
** the buffer must outlive the tree.  A struct's children are its fields in wire order, each with
** its field id; a list's or set's children its elements; a map's children keys and values
** alternating (2 * N children).
*/
struct thrift_value {
    unsigned char type;         /* enum thrift_type */
    unsigned char etype, vtype; /* containers: element type (map: key type, value type) */
    int16_t id;                 /* field id, when a struct's field */
    uint32_t n; /* string: bytes; struct: fields; list/set: elements; map: 2*entries */
    union {
        int64_t i; /* bool, byte, i16, i32, i64 */
        double d;
        const char *s;
        struct thrift_value *kids;
    } u;
};

/* A decoded message: its header and its arguments (or result) struct. */
struct thrift_message {
    char name[THRIFT_MAX_NAME + 1]; /* NUL-terminated; a name holding a NUL is refused */
    int type;                       /* enum thrift_msg_type */
    int32_t seqid;
    int strict;               /* it came with the strict (versioned) header */
    struct thrift_value body; /* a struct */
    size_t values;            /* values in BODY, for the caller's accounting */
};

/* Decode the whole message in BUF[0..LEN) (exactly one message: trailing bytes are THRIFT_EBAD)
** under LIM (NULL: defaults).  THRIFT_OK with *OUT filled (release it with
** thrift_message_release()); THRIFT_MORE when BUF is a truncated message; THRIFT_EBAD or
** THRIFT_ELIMIT with WHY (static text) set.  On failure *OUT holds nothing to release.  Memory:
** one allocation per struct and container, at most LIM->max_values values in all; recursion at most
** LIM->max_depth deep.  When the header was read, OUT->name/seqid/strict are set even on failure
** (for the error reply). */
int thrift_decode(const unsigned char *buf, size_t len, const struct thrift_limits *lim,
                  struct thrift_message *out, const char **why);
void thrift_message_release(struct thrift_message *m);
void thrift_value_release(struct thrift_value *v);

/* Field ID of struct ST when it has type TYPE, else NULL (missing, or another type: a client's
** field of an unexpected type is ignored as Thrift's own generated code ignores it). */
const struct thrift_value *thrift_field(const struct thrift_value *st, int id, int type);

/*
** The writer: appends to an sbuf (base/util.h).  Messages are written with the strict header.
*/
void thrift_w_message(struct sbuf *b, const char *name, int type, int32_t seqid);
void thrift_w_field(struct sbuf *b, int type, int id);
void thrift_w_stop(struct sbuf *b);
void thrift_w_bool(struct sbuf *b, int v);
void thrift_w_byte(struct sbuf *b, int v);
void thrift_w_i16(struct sbuf *b, int v);
void thrift_w_i32(struct sbuf *b, int32_t v);
void thrift_w_i64(struct sbuf *b, int64_t v);
void thrift_w_double(struct sbuf *b, double v);
void thrift_w_string(struct sbuf *b, const char *s, size_t n);
void thrift_w_cstring(struct sbuf *b, const char *s); /* NULL: empty */
void thrift_w_list(struct sbuf *b, int etype, uint32_t n);
void thrift_w_map(struct sbuf *b, int ktype, int vtype, uint32_t n);
/* A field holding string S (NUL-terminated); nothing when S is NULL. */
void thrift_w_string_field(struct sbuf *b, int id, const char *s);
void thrift_w_i32_field(struct sbuf *b, int id, int32_t v);
/* The whole TApplicationException reply to method NAME, SEQID: {1: message, 2: type}. */
void thrift_w_app_exception(struct sbuf *b, const char *name, int32_t seqid, int type,
                            const char *message);

#endif
