//! A small QR code encoder (ISO/IEC 18004) for the self check-in link: byte mode,
//! versions 1–6 (up to 134 bytes), error correction M when it fits, else L, and the
//! mask with the lowest penalty. Written here rather than taken from a crate because
//! it runs in every learner's download: this is all the check-in needs (no version
//! information blocks, one alignment pattern, equal-sized blocks), in a few kilobytes
//! of WebAssembly. Browser tests decode what it draws with a real QR reader.

/// A square of modules, `true` = dark, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qr {
    pub size: usize,
    modules: Vec<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ecc {
    /// Recovers ~7 %.
    L,
    /// Recovers ~15 %.
    M,
}

impl Ecc {
    fn format_bits(self) -> u32 {
        match self {
            Ecc::L => 1,
            Ecc::M => 0,
        }
    }
}

/// (data codewords per block, error-correction codewords per block, blocks) for
/// versions 1–6 (every block the same size at these levels).
fn blocks(version: usize, ecc: Ecc) -> (usize, usize, usize) {
    match (ecc, version) {
        (Ecc::L, 1) => (19, 7, 1),
        (Ecc::L, 2) => (34, 10, 1),
        (Ecc::L, 3) => (55, 15, 1),
        (Ecc::L, 4) => (80, 20, 1),
        (Ecc::L, 5) => (108, 26, 1),
        (Ecc::L, _) => (68, 18, 2),
        (Ecc::M, 1) => (16, 10, 1),
        (Ecc::M, 2) => (28, 16, 1),
        (Ecc::M, 3) => (44, 26, 1),
        (Ecc::M, 4) => (32, 18, 2),
        (Ecc::M, 5) => (43, 24, 2),
        (Ecc::M, _) => (27, 16, 4),
    }
}

impl Qr {
    /// Encodes `text` in the smallest symbol that holds it; `None` if over 134 bytes.
    pub fn encode(text: &[u8]) -> Option<Qr> {
        let (version, ecc) = [Ecc::M, Ecc::L].into_iter().find_map(|ecc| {
            (1..=6).find_map(|v| {
                let (data, _, n) = blocks(v, ecc);
                (text.len() + 2 <= data * n).then_some((v, ecc))
            })
        })?;
        let (data_len, ecc_len, count) = blocks(version, ecc);
        let capacity = data_len * count;

        // Mode 0100 (bytes), an 8-bit count, the bytes, the terminator, padding.
        let mut bits = Bits::default();
        bits.push(0b0100, 4);
        bits.push(text.len() as u32, 8);
        for &b in text {
            bits.push(u32::from(b), 8);
        }
        bits.push(0, (capacity * 8 - bits.len).min(4));
        bits.push(0, (8 - bits.len % 8) % 8);
        let mut data = bits.bytes;
        for pad in [0xEC, 0x11].into_iter().cycle() {
            if data.len() >= capacity {
                break;
            }
            data.push(pad);
        }

        // Error correction per block, then the codewords interleaved.
        let divisor = rs_divisor(ecc_len);
        let chunks: Vec<&[u8]> = data.chunks(data_len).collect();
        let corrections: Vec<Vec<u8>> = chunks.iter().map(|c| rs_remainder(c, &divisor)).collect();
        let mut codewords = Vec::with_capacity(capacity + ecc_len * count);
        for i in 0..data_len {
            codewords.extend(chunks.iter().map(|c| c[i]));
        }
        for i in 0..ecc_len {
            codewords.extend(corrections.iter().map(|c| c[i]));
        }

        let size = version * 4 + 17;
        let mut grid = Grid {
            size,
            dark: vec![false; size * size],
            function: vec![false; size * size],
        };
        grid.function_patterns(version);
        grid.codewords(&codewords);
        let best = (0..8)
            .min_by_key(|&mask| {
                let mut trial = grid.clone();
                trial.mask(mask);
                trial.format(ecc, mask);
                trial.penalty()
            })
            .unwrap_or(0);
        grid.mask(best);
        grid.format(ecc, best);
        Some(Qr {
            size,
            modules: grid.dark,
        })
    }

    pub fn dark(&self, x: usize, y: usize) -> bool {
        self.modules[y * self.size + x]
    }

    /// An SVG path drawing the dark modules (runs along each row), inside a quiet
    /// zone of four modules: use with `viewBox="0 0 {size + 8} {size + 8}"`.
    pub fn svg_path(&self) -> String {
        let mut path = String::new();
        for y in 0..self.size {
            let mut x = 0;
            while x < self.size {
                if self.dark(x, y) {
                    let start = x;
                    while x < self.size && self.dark(x, y) {
                        x += 1;
                    }
                    path.push_str(&format!(
                        "M{} {}h{}v1h-{}z",
                        start + 4,
                        y + 4,
                        x - start,
                        x - start
                    ));
                } else {
                    x += 1;
                }
            }
        }
        path
    }
}

#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    len: usize,
}

impl Bits {
    fn push(&mut self, value: u32, count: usize) {
        for i in (0..count).rev() {
            if self.len.is_multiple_of(8) {
                self.bytes.push(0);
            }
            if (value >> i) & 1 == 1 {
                if let Some(last) = self.bytes.last_mut() {
                    *last |= 0x80 >> (self.len % 8);
                }
            }
            self.len += 1;
        }
    }
}

/// Multiplication in GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1.
fn gf_mul(x: u8, y: u8) -> u8 {
    let mut z: u8 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x1D);
        z ^= ((y >> i) & 1) * x;
    }
    z
}

/// The Reed–Solomon generator polynomial of `degree` (highest coefficient dropped).
fn rs_divisor(degree: usize) -> Vec<u8> {
    let mut result = vec![0u8; degree];
    result[degree - 1] = 1;
    let mut root: u8 = 1;
    for _ in 0..degree {
        for j in 0..degree {
            result[j] = gf_mul(result[j], root);
            if j + 1 < degree {
                result[j] ^= result[j + 1];
            }
        }
        root = gf_mul(root, 0x02);
    }
    result
}

fn rs_remainder(data: &[u8], divisor: &[u8]) -> Vec<u8> {
    let mut result = vec![0u8; divisor.len()];
    for &b in data {
        let factor = b ^ result.remove(0);
        result.push(0);
        for (r, &d) in result.iter_mut().zip(divisor) {
            *r ^= gf_mul(d, factor);
        }
    }
    result
}

#[derive(Clone)]
struct Grid {
    size: usize,
    dark: Vec<bool>,
    function: Vec<bool>,
}

impl Grid {
    fn set(&mut self, x: usize, y: usize, dark: bool) {
        let i = y * self.size + x;
        self.dark[i] = dark;
        self.function[i] = true;
    }

    fn function_patterns(&mut self, version: usize) {
        let size = self.size;
        for i in 0..size {
            self.set(6, i, i % 2 == 0);
            self.set(i, 6, i % 2 == 0);
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4i32..=4 {
                for dx in -4i32..=4 {
                    let (x, y) = (cx as i32 + dx, cy as i32 + dy);
                    if (0..size as i32).contains(&x) && (0..size as i32).contains(&y) {
                        let d = dx.abs().max(dy.abs());
                        self.set(x as usize, y as usize, d != 2 && d != 4);
                    }
                }
            }
        }
        if version > 1 {
            let c = size - 7;
            for dy in 0..5 {
                for dx in 0..5 {
                    let d = (dx as i32 - 2).abs().max((dy as i32 - 2).abs());
                    self.set(c - 2 + dx, c - 2 + dy, d != 1);
                }
            }
        }
        // Reserve the format areas (drawn for real after masking).
        self.format(Ecc::M, 0);
    }

    fn format(&mut self, ecc: Ecc, mask: u32) {
        let data = ecc.format_bits() << 3 | mask;
        let mut rem = data;
        for _ in 0..10 {
            rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        }
        let bits = (data << 10 | rem) ^ 0x5412;
        let bit = |i: usize| (bits >> i) & 1 == 1;
        let size = self.size;
        for i in 0..6 {
            self.set(8, i, bit(i));
        }
        self.set(8, 7, bit(6));
        self.set(8, 8, bit(7));
        self.set(7, 8, bit(8));
        for i in 9..15 {
            self.set(14 - i, 8, bit(i));
        }
        for i in 0..8 {
            self.set(size - 1 - i, 8, bit(i));
        }
        for i in 8..15 {
            self.set(8, size - 15 + i, bit(i));
        }
        self.set(8, size - 8, true);
    }

    /// The data in the zigzag order: two-module columns from the right, up then down,
    /// skipping the vertical timing pattern.
    fn codewords(&mut self, data: &[u8]) {
        let size = self.size;
        let mut i = 0;
        let mut right = size - 1;
        loop {
            if right == 6 {
                right = 5;
            }
            for vert in 0..size {
                for j in 0..2 {
                    let x = right - j;
                    let upward = (right + 1) & 2 == 0;
                    let y = if upward { size - 1 - vert } else { vert };
                    if !self.function[y * size + x] && i < data.len() * 8 {
                        self.dark[y * size + x] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1;
                        i += 1;
                    }
                }
            }
            if right < 2 {
                break;
            }
            right -= 2;
        }
    }

    fn mask(&mut self, mask: u32) {
        let size = self.size;
        for y in 0..size {
            for x in 0..size {
                let invert = match mask {
                    0 => (x + y) % 2 == 0,
                    1 => y % 2 == 0,
                    2 => x % 3 == 0,
                    3 => (x + y) % 3 == 0,
                    4 => (x / 3 + y / 2) % 2 == 0,
                    5 => x * y % 2 + x * y % 3 == 0,
                    6 => (x * y % 2 + x * y % 3) % 2 == 0,
                    _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
                };
                let i = y * size + x;
                self.dark[i] ^= invert && !self.function[i];
            }
        }
    }

    /// The standard's penalty for runs, 2×2 blocks, finder-like patterns and
    /// imbalance: the mask with the lowest is used.
    fn penalty(&self) -> usize {
        let size = self.size;
        let at = |x: usize, y: usize| self.dark[y * size + x];
        let mut score = 0;
        for transpose in [false, true] {
            for a in 0..size {
                let line: Vec<bool> = (0..size)
                    .map(|b| if transpose { at(a, b) } else { at(b, a) })
                    .collect();
                let mut run = 1;
                for b in 1..=size {
                    if b < size && line[b] == line[b - 1] {
                        run += 1;
                    } else {
                        if run >= 5 {
                            score += run - 2;
                        }
                        run = 1;
                    }
                }
                for w in line.windows(11) {
                    let pattern = [true, false, true, true, true, false, true];
                    let finder = w[..7] == pattern && w[7..].iter().all(|d| !d)
                        || w[4..] == pattern && w[..4].iter().all(|d| !d);
                    if finder {
                        score += 40;
                    }
                }
            }
        }
        for y in 0..size - 1 {
            for x in 0..size - 1 {
                let c = at(x, y);
                if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                    score += 3;
                }
            }
        }
        let dark = self.dark.iter().filter(|d| **d).count();
        let total = size * size;
        let k = (dark * 20)
            .abs_diff(total * 10)
            .div_ceil(total)
            .saturating_sub(1);
        score + k * 10
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_bits_match_the_standards_table() {
        // (M, mask 0) = 101010000010010 and (L, mask 0) = 111011111000100, read from
        // the copy beside the top-left finder.
        for (ecc, expected) in [(Ecc::M, 0b101010000010010u32), (Ecc::L, 0b111011111000100)] {
            let mut grid = Grid {
                size: 21,
                dark: vec![false; 441],
                function: vec![false; 441],
            };
            grid.format(ecc, 0);
            let at = |x: usize, y: usize| u32::from(grid.dark[y * 21 + x]);
            let mut read = 0;
            for (i, (x, y)) in [
                (8, 0),
                (8, 1),
                (8, 2),
                (8, 3),
                (8, 4),
                (8, 5),
                (8, 7),
                (8, 8),
                (7, 8),
            ]
            .into_iter()
            .enumerate()
            {
                read |= at(x, y) << i;
            }
            for i in 9..15 {
                read |= at(14 - i, 8) << i;
            }
            assert_eq!(read, expected);
        }
    }

    #[test]
    fn reed_solomon_matches_a_known_block() {
        // Version 1-M "01234567" (numeric mode), from the standard's worked example.
        let data = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
            0xEC, 0x11,
        ];
        assert_eq!(
            rs_remainder(&data, &rs_divisor(10)),
            [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]
        );
    }

    #[test]
    fn the_smallest_symbol_that_holds_the_text() {
        assert_eq!(Qr::encode(b"123456").map(|q| q.size), Some(21));
        let link =
            b"https://sala.example.edu.kh/check-in?s=0190c3a2-7b1e-7c4e-9f00-1a2b3c4d5e6f&c=123456";
        let qr = Qr::encode(link).map(|q| q.size);
        assert_eq!(qr, Some(5 * 4 + 17));
        assert_eq!(Qr::encode(&[b'x'; 135]), None);
        // Finder pattern corners are dark, the separator light.
        let qr = Qr::encode(link).expect("fits");
        assert!(qr.dark(0, 0) && qr.dark(6, 6) && !qr.dark(7, 7));
        assert!(qr.svg_path().starts_with("M4 4h7v1h-7z"));
    }
}
