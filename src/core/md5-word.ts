/**
 * MD5 (RFC 1321) of a short message, returning only the digest's first 32 bits — what the keyed draws use.
 * Allocation-free: the caller writes its bytes into `Md5Word.bytes` and calls `digest(length)`; the padding,
 * the words and the state live in buffers made once. node:crypto allocates a Hash, a Buffer and a hex string
 * per call, which made a keyed draw cost more than the decision it decides (bench/keyed-draw.ts measures both).
 */

/** K[i] = floor(|sin(i + 1)| · 2³²) as int32: read from an Int32Array, as literals this large are not small
 * integers to V8 and would turn every step into float arithmetic. */
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);

export class Md5Word {
  /** The message goes here (grown by `reserve`), from offset 0. */
  bytes = new Uint8Array(128);
  /** One block's 16 words (MD5 reads them little-endian, whatever the machine's order). */
  private readonly w = new Int32Array(16);

  /** Makes room for a message of `length` bytes plus padding, keeping the first `keep` bytes. */
  reserve(length: number, keep = 0): void {
    const need = (((length + 8) >> 6) + 1) << 6;
    if (need <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(need, 2 * this.bytes.length));
    next.set(this.bytes.subarray(0, keep));
    this.bytes = next;
  }

  /** The first 4 bytes of MD5(bytes[0 … length)) read big-endian as an unsigned integer (the first 8 hex digits). */
  digest(length: number): number {
    const bytes = this.bytes;
    const blocks = ((length + 8) >> 6) + 1;
    const end = blocks << 6;
    bytes[length] = 0x80;
    for (let i = length + 1; i < end - 8; i++) bytes[i] = 0;
    const bits = length * 8;
    // The message length in bits, a 64-bit little-endian integer (messages here are far below 2^32 bits).
    bytes[end - 8] = bits & 0xff;
    bytes[end - 7] = (bits >>> 8) & 0xff;
    bytes[end - 6] = (bits >>> 16) & 0xff;
    bytes[end - 5] = (bits >>> 24) & 0xff;
    bytes[end - 4] = bytes[end - 3] = bytes[end - 2] = bytes[end - 1] = 0;
    const w = this.w;
    let a0 = 0x67452301,
      b0 = 0xefcdab89 | 0,
      c0 = 0x98badcfe | 0,
      d0 = 0x10325476;
    for (let block = 0; block < blocks; block++) {
      for (let j = 0, o = block << 6; j < 16; j++, o += 4)
        w[j] = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
      let x: number,
        a = a0,
        b = b0,
        c = c0,
        d = d0;
      // The 64 steps unrolled (RFC 1321, 3.4): shifts and word indices inline.
      x = (a + ((b & c) | (~b & d)) + K[0]! + w[0]!) | 0;
      a = (b + ((x << 7) | (x >>> 25))) | 0;
      x = (d + ((a & b) | (~a & c)) + K[1]! + w[1]!) | 0;
      d = (a + ((x << 12) | (x >>> 20))) | 0;
      x = (c + ((d & a) | (~d & b)) + K[2]! + w[2]!) | 0;
      c = (d + ((x << 17) | (x >>> 15))) | 0;
      x = (b + ((c & d) | (~c & a)) + K[3]! + w[3]!) | 0;
      b = (c + ((x << 22) | (x >>> 10))) | 0;
      x = (a + ((b & c) | (~b & d)) + K[4]! + w[4]!) | 0;
      a = (b + ((x << 7) | (x >>> 25))) | 0;
      x = (d + ((a & b) | (~a & c)) + K[5]! + w[5]!) | 0;
      d = (a + ((x << 12) | (x >>> 20))) | 0;
      x = (c + ((d & a) | (~d & b)) + K[6]! + w[6]!) | 0;
      c = (d + ((x << 17) | (x >>> 15))) | 0;
      x = (b + ((c & d) | (~c & a)) + K[7]! + w[7]!) | 0;
      b = (c + ((x << 22) | (x >>> 10))) | 0;
      x = (a + ((b & c) | (~b & d)) + K[8]! + w[8]!) | 0;
      a = (b + ((x << 7) | (x >>> 25))) | 0;
      x = (d + ((a & b) | (~a & c)) + K[9]! + w[9]!) | 0;
      d = (a + ((x << 12) | (x >>> 20))) | 0;
      x = (c + ((d & a) | (~d & b)) + K[10]! + w[10]!) | 0;
      c = (d + ((x << 17) | (x >>> 15))) | 0;
      x = (b + ((c & d) | (~c & a)) + K[11]! + w[11]!) | 0;
      b = (c + ((x << 22) | (x >>> 10))) | 0;
      x = (a + ((b & c) | (~b & d)) + K[12]! + w[12]!) | 0;
      a = (b + ((x << 7) | (x >>> 25))) | 0;
      x = (d + ((a & b) | (~a & c)) + K[13]! + w[13]!) | 0;
      d = (a + ((x << 12) | (x >>> 20))) | 0;
      x = (c + ((d & a) | (~d & b)) + K[14]! + w[14]!) | 0;
      c = (d + ((x << 17) | (x >>> 15))) | 0;
      x = (b + ((c & d) | (~c & a)) + K[15]! + w[15]!) | 0;
      b = (c + ((x << 22) | (x >>> 10))) | 0;
      x = (a + ((b & d) | (c & ~d)) + K[16]! + w[1]!) | 0;
      a = (b + ((x << 5) | (x >>> 27))) | 0;
      x = (d + ((a & c) | (b & ~c)) + K[17]! + w[6]!) | 0;
      d = (a + ((x << 9) | (x >>> 23))) | 0;
      x = (c + ((d & b) | (a & ~b)) + K[18]! + w[11]!) | 0;
      c = (d + ((x << 14) | (x >>> 18))) | 0;
      x = (b + ((c & a) | (d & ~a)) + K[19]! + w[0]!) | 0;
      b = (c + ((x << 20) | (x >>> 12))) | 0;
      x = (a + ((b & d) | (c & ~d)) + K[20]! + w[5]!) | 0;
      a = (b + ((x << 5) | (x >>> 27))) | 0;
      x = (d + ((a & c) | (b & ~c)) + K[21]! + w[10]!) | 0;
      d = (a + ((x << 9) | (x >>> 23))) | 0;
      x = (c + ((d & b) | (a & ~b)) + K[22]! + w[15]!) | 0;
      c = (d + ((x << 14) | (x >>> 18))) | 0;
      x = (b + ((c & a) | (d & ~a)) + K[23]! + w[4]!) | 0;
      b = (c + ((x << 20) | (x >>> 12))) | 0;
      x = (a + ((b & d) | (c & ~d)) + K[24]! + w[9]!) | 0;
      a = (b + ((x << 5) | (x >>> 27))) | 0;
      x = (d + ((a & c) | (b & ~c)) + K[25]! + w[14]!) | 0;
      d = (a + ((x << 9) | (x >>> 23))) | 0;
      x = (c + ((d & b) | (a & ~b)) + K[26]! + w[3]!) | 0;
      c = (d + ((x << 14) | (x >>> 18))) | 0;
      x = (b + ((c & a) | (d & ~a)) + K[27]! + w[8]!) | 0;
      b = (c + ((x << 20) | (x >>> 12))) | 0;
      x = (a + ((b & d) | (c & ~d)) + K[28]! + w[13]!) | 0;
      a = (b + ((x << 5) | (x >>> 27))) | 0;
      x = (d + ((a & c) | (b & ~c)) + K[29]! + w[2]!) | 0;
      d = (a + ((x << 9) | (x >>> 23))) | 0;
      x = (c + ((d & b) | (a & ~b)) + K[30]! + w[7]!) | 0;
      c = (d + ((x << 14) | (x >>> 18))) | 0;
      x = (b + ((c & a) | (d & ~a)) + K[31]! + w[12]!) | 0;
      b = (c + ((x << 20) | (x >>> 12))) | 0;
      x = (a + (b ^ c ^ d) + K[32]! + w[5]!) | 0;
      a = (b + ((x << 4) | (x >>> 28))) | 0;
      x = (d + (a ^ b ^ c) + K[33]! + w[8]!) | 0;
      d = (a + ((x << 11) | (x >>> 21))) | 0;
      x = (c + (d ^ a ^ b) + K[34]! + w[11]!) | 0;
      c = (d + ((x << 16) | (x >>> 16))) | 0;
      x = (b + (c ^ d ^ a) + K[35]! + w[14]!) | 0;
      b = (c + ((x << 23) | (x >>> 9))) | 0;
      x = (a + (b ^ c ^ d) + K[36]! + w[1]!) | 0;
      a = (b + ((x << 4) | (x >>> 28))) | 0;
      x = (d + (a ^ b ^ c) + K[37]! + w[4]!) | 0;
      d = (a + ((x << 11) | (x >>> 21))) | 0;
      x = (c + (d ^ a ^ b) + K[38]! + w[7]!) | 0;
      c = (d + ((x << 16) | (x >>> 16))) | 0;
      x = (b + (c ^ d ^ a) + K[39]! + w[10]!) | 0;
      b = (c + ((x << 23) | (x >>> 9))) | 0;
      x = (a + (b ^ c ^ d) + K[40]! + w[13]!) | 0;
      a = (b + ((x << 4) | (x >>> 28))) | 0;
      x = (d + (a ^ b ^ c) + K[41]! + w[0]!) | 0;
      d = (a + ((x << 11) | (x >>> 21))) | 0;
      x = (c + (d ^ a ^ b) + K[42]! + w[3]!) | 0;
      c = (d + ((x << 16) | (x >>> 16))) | 0;
      x = (b + (c ^ d ^ a) + K[43]! + w[6]!) | 0;
      b = (c + ((x << 23) | (x >>> 9))) | 0;
      x = (a + (b ^ c ^ d) + K[44]! + w[9]!) | 0;
      a = (b + ((x << 4) | (x >>> 28))) | 0;
      x = (d + (a ^ b ^ c) + K[45]! + w[12]!) | 0;
      d = (a + ((x << 11) | (x >>> 21))) | 0;
      x = (c + (d ^ a ^ b) + K[46]! + w[15]!) | 0;
      c = (d + ((x << 16) | (x >>> 16))) | 0;
      x = (b + (c ^ d ^ a) + K[47]! + w[2]!) | 0;
      b = (c + ((x << 23) | (x >>> 9))) | 0;
      x = (a + (c ^ (b | ~d)) + K[48]! + w[0]!) | 0;
      a = (b + ((x << 6) | (x >>> 26))) | 0;
      x = (d + (b ^ (a | ~c)) + K[49]! + w[7]!) | 0;
      d = (a + ((x << 10) | (x >>> 22))) | 0;
      x = (c + (a ^ (d | ~b)) + K[50]! + w[14]!) | 0;
      c = (d + ((x << 15) | (x >>> 17))) | 0;
      x = (b + (d ^ (c | ~a)) + K[51]! + w[5]!) | 0;
      b = (c + ((x << 21) | (x >>> 11))) | 0;
      x = (a + (c ^ (b | ~d)) + K[52]! + w[12]!) | 0;
      a = (b + ((x << 6) | (x >>> 26))) | 0;
      x = (d + (b ^ (a | ~c)) + K[53]! + w[3]!) | 0;
      d = (a + ((x << 10) | (x >>> 22))) | 0;
      x = (c + (a ^ (d | ~b)) + K[54]! + w[10]!) | 0;
      c = (d + ((x << 15) | (x >>> 17))) | 0;
      x = (b + (d ^ (c | ~a)) + K[55]! + w[1]!) | 0;
      b = (c + ((x << 21) | (x >>> 11))) | 0;
      x = (a + (c ^ (b | ~d)) + K[56]! + w[8]!) | 0;
      a = (b + ((x << 6) | (x >>> 26))) | 0;
      x = (d + (b ^ (a | ~c)) + K[57]! + w[15]!) | 0;
      d = (a + ((x << 10) | (x >>> 22))) | 0;
      x = (c + (a ^ (d | ~b)) + K[58]! + w[6]!) | 0;
      c = (d + ((x << 15) | (x >>> 17))) | 0;
      x = (b + (d ^ (c | ~a)) + K[59]! + w[13]!) | 0;
      b = (c + ((x << 21) | (x >>> 11))) | 0;
      x = (a + (c ^ (b | ~d)) + K[60]! + w[4]!) | 0;
      a = (b + ((x << 6) | (x >>> 26))) | 0;
      x = (d + (b ^ (a | ~c)) + K[61]! + w[11]!) | 0;
      d = (a + ((x << 10) | (x >>> 22))) | 0;
      x = (c + (a ^ (d | ~b)) + K[62]! + w[2]!) | 0;
      c = (d + ((x << 15) | (x >>> 17))) | 0;
      x = (b + (d ^ (c | ~a)) + K[63]! + w[9]!) | 0;
      b = (c + ((x << 21) | (x >>> 11))) | 0;
      a0 = (a0 + a) | 0;
      b0 = (b0 + b) | 0;
      c0 = (c0 + c) | 0;
      d0 = (d0 + d) | 0;
    }
    // The digest's first bytes are a0's low bytes first; hex digits read them in that order.
    return (((a0 & 0xff) << 24) | ((a0 & 0xff00) << 8) | ((a0 >>> 8) & 0xff00) | ((a0 >>> 24) & 0xff)) >>> 0;
  }
}
