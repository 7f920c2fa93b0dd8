//! Finding one function in a Rust source file: enough for `solution` and `reset` to show or
//! replace a single exercise without touching the rest of the learner's file.

/// Where a function sits in a file, as 0-based line numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FnSpan {
    /// The first line of its doc comments and attributes (or of the signature).
    pub doc_start: usize,
    /// The line with `fn name`.
    pub signature: usize,
    /// The line with its closing brace.
    pub end: usize,
}

/// Find `fn name` (free function or method) and the brace that closes its body.
/// Braces inside strings, chars and comments are skipped.
pub fn find_fn(text: &str, name: &str) -> Option<FnSpan> {
    let lines: Vec<&str> = text.lines().collect();
    let needle = format!("fn {name}");
    let signature = lines.iter().position(|l| {
        let code = l.split("//").next().unwrap_or("");
        code.find(&needle).is_some_and(|at| {
            let after = &code[at + needle.len()..];
            let before_ok = at == 0 || !code.as_bytes()[at - 1].is_ascii_alphanumeric();
            before_ok && (after.starts_with('(') || after.starts_with('<'))
        })
    })?;
    let mut doc_start = signature;
    while doc_start > 0 {
        let prev = lines[doc_start - 1].trim_start();
        if prev.starts_with("///") || prev.starts_with("#[") {
            doc_start -= 1;
        } else {
            break;
        }
    }
    let mut depth = 0i32;
    let mut opened = false;
    let mut in_block_comment = false;
    for (i, line) in lines.iter().enumerate().skip(signature) {
        let chars: Vec<char> = line.chars().collect();
        let mut k = 0;
        let mut in_str = false;
        while k < chars.len() {
            let c = chars[k];
            let next = chars.get(k + 1).copied();
            if in_block_comment {
                if c == '*' && next == Some('/') {
                    in_block_comment = false;
                    k += 1;
                }
            } else if in_str {
                if c == '\\' {
                    k += 1;
                } else if c == '"' {
                    in_str = false;
                }
            } else if c == '/' && next == Some('/') {
                break;
            } else if c == '/' && next == Some('*') {
                in_block_comment = true;
                k += 1;
            } else if c == '"' {
                in_str = true;
            } else if c == '\'' && chars.get(k + 2) == Some(&'\'') {
                k += 2; // a char literal like '{'
            } else if c == '{' {
                depth += 1;
                opened = true;
            } else if c == '}' {
                depth -= 1;
                if opened && depth == 0 {
                    return Some(FnSpan {
                        doc_start,
                        signature,
                        end: i,
                    });
                }
            } else if c == ';' && !opened {
                return None; // a declaration without a body
            }
            k += 1;
        }
    }
    None
}

/// The text of lines `from..=to`.
pub fn lines_between(text: &str, from: usize, to: usize) -> String {
    text.lines()
        .skip(from)
        .take(to + 1 - from)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replace the whole function `name` in `target` (signature to closing brace, doc comments
/// kept) with the same function from `original`. `None` if either file lacks it.
pub fn replace_fn(target: &str, original: &str, name: &str) -> Option<String> {
    let t = find_fn(target, name)?;
    let o = find_fn(original, name)?;
    let lines: Vec<&str> = target.lines().collect();
    let mut out: Vec<String> = lines[..t.signature].iter().map(|s| s.to_string()).collect();
    out.push(lines_between(original, o.signature, o.end));
    out.extend(lines[t.end + 1..].iter().map(|s| s.to_string()));
    let mut text = out.join("\n");
    if target.ends_with('\n') {
        text.push('\n');
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "use x;\n\n/// Doubles.\n/// ```\n/// let s = \"}\";\n/// ```\n#[inline]\npub fn double(x: i32) -> i32 {\n    let s = \"{\"; // a brace in a string {\n    let c = '}';\n    /* } */\n    x * 2\n}\n\npub fn linspace(a: f64) -> f64 {\n    a\n}\n";

    #[test]
    fn finds_a_function_with_its_docs_despite_braces_in_strings_and_comments() {
        let span = find_fn(SRC, "double").unwrap();
        assert_eq!(
            span,
            FnSpan {
                doc_start: 2,
                signature: 7,
                end: 12
            }
        );
        assert_eq!(find_fn(SRC, "linspace").unwrap().end, 16);
        assert_eq!(find_fn(SRC, "doubl"), None);
    }

    #[test]
    fn replacing_keeps_everything_else() {
        let stub = SRC.replace("    let s = \"{\"; // a brace in a string {\n    let c = '}';\n    /* } */\n    x * 2\n", "    todo!()\n");
        let back = replace_fn(SRC, &stub, "double").unwrap();
        assert_eq!(back, stub);
        assert!(back.contains("pub fn linspace(a: f64) -> f64 {\n    a\n}"));
    }
}
