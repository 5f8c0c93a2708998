"""parquet_gen.py -- write minimal Parquet files (footer only, no row groups) for crawler tests.

The footer is Thrift compact FileMetaData with a flat schema; that is all catalogd's crawler
reads.  columns: [(name, physical, converted_or_None, logical_or_None)], e.g.
("amount", DOUBLE, None, None), ("id", BYTE_ARRAY, UTF8, None).
"""
import struct

BOOLEAN, INT32, INT64, INT96, FLOAT, DOUBLE, BYTE_ARRAY = range(7)
UTF8, DATE = 0, 6


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _zz(n):
    return _varint((n << 1) ^ (n >> 63))


class _S:
    def __init__(self):
        self.b = bytearray()
        self.last = [0]

    def field(self, fid, ftype):
        delta = fid - self.last[-1]
        if 0 < delta <= 15:
            self.b.append((delta << 4) | ftype)
        else:
            self.b.append(ftype)
            self.b += _zz(fid)
        self.last[-1] = fid

    def i32(self, fid, v):
        self.field(fid, 5)
        self.b += _zz(v)

    def i64(self, fid, v):
        self.field(fid, 6)
        self.b += _zz(v)

    def string(self, fid, s):
        self.field(fid, 8)
        data = s.encode()
        self.b += _varint(len(data)) + data

    def begin_struct(self, fid=None):
        if fid is not None:
            self.field(fid, 12)
        self.last.append(0)

    def end_struct(self):
        self.b.append(0)
        self.last.pop()

    def list_header(self, fid, etype, n):
        self.field(fid, 9)
        self.b.append(((n if n < 15 else 15) << 4) | etype)
        if n >= 15:
            self.b += _varint(n)


SNAPPY, GZIP, ZSTD = 1, 2, 6  # CompressionCodec


def footer(columns, num_rows=0, row_groups=()):
    """FileMetaData for COLUMNS; ROW_GROUPS is a list of row groups, each a list of one
    CompressionCodec per column (the column chunks' codecs; no data pages are written)."""
    s = _S()
    s.begin_struct()
    s.i32(1, 1)
    s.list_header(2, 12, len(columns) + 1)
    s.begin_struct()
    s.string(4, "schema")
    s.i32(5, len(columns))
    s.end_struct()
    for name, phys, conv, _logical in columns:
        s.begin_struct()
        s.i32(1, phys)
        s.i32(3, 1)  # OPTIONAL
        s.string(4, name)
        if conv is not None:
            s.i32(6, conv)
        s.end_struct()
    s.i64(3, num_rows)
    s.list_header(4, 12, len(row_groups))
    for codecs in row_groups:
        s.begin_struct()  # RowGroup
        s.list_header(1, 12, len(codecs))
        for (name, phys, _c, _l), codec in zip(columns, codecs):
            s.begin_struct()  # ColumnChunk
            s.i64(2, 4)  # file_offset
            s.begin_struct(3)  # ColumnMetaData
            s.i32(1, phys)
            s.list_header(2, 5, 1)
            s.b += _zz(0)  # PLAIN
            s.list_header(3, 8, 1)
            s.b += _varint(len(name)) + name.encode()
            s.i32(4, codec)
            s.i64(5, 0)
            s.end_struct()
            s.end_struct()
        s.i64(2, 0)
        s.i64(3, 0)
        s.end_struct()
    s.end_struct()
    return bytes(s.b)


def write(path, columns, row_groups=()):
    meta = footer(columns, row_groups=row_groups)
    with open(path, "wb") as f:
        f.write(b"PAR1" + meta + struct.pack("<I", len(meta)) + b"PAR1")
