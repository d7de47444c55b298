//! The expression language of JIM's attribute flows (the DynamicExpresso subset it uses):
//! literals, `mv["…"]` and `cs["…"]`, arithmetic, comparison, logic, the conditional operator
//! and the function library. Parse errors carry the character position.

use std::fmt;

use crate::support::float::parse_f64;

/// Longest expression JIM accepts.
pub const MAX_LENGTH: usize = 10_000;

/// Which object an accessor reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Metaverse,
    ConnectedSystem,
}

impl Side {
    pub fn accessor(self) -> &'static str {
        match self {
            Side::Metaverse => "mv",
            Side::ConnectedSystem => "cs",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    /// `mv["name"]` or `cs["name"]`, at a character position.
    Attribute {
        side: Side,
        name: String,
        at: usize,
    },
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
        at: usize,
    },
    Conditional {
        test: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Call {
        name: String,
        args: Vec<Expr>,
        at: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Remainder => "%",
            BinaryOp::Equal => "==",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessOrEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterOrEqual => ">=",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
        }
    }

    /// Binding strength: higher binds tighter.
    fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Equal | BinaryOp::NotEqual => 3,
            BinaryOp::Less
            | BinaryOp::LessOrEqual
            | BinaryOp::Greater
            | BinaryOp::GreaterOrEqual => 4,
            BinaryOp::Add | BinaryOp::Subtract => 5,
            BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Remainder => 6,
        }
    }
}

/// Why an expression does not parse, and where (a character offset into it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub at: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} at character {}", self.message, self.at + 1)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(f64),
    Text(String),
    Name(String),
    Symbol(&'static str),
    End,
}

struct Lexer {
    chars: Vec<char>,
    at: usize,
}

const SYMBOLS: [&str; 21] = [
    "&&", "||", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "<", ">", "!", "?", ":", "(", ")",
    "[", "]", ",",
];

impl Lexer {
    fn next(&mut self) -> Result<(Token, usize), ParseError> {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
        let start = self.at;
        let Some(&c) = self.chars.get(self.at) else {
            return Ok((Token::End, start));
        };
        if c.is_ascii_digit()
            || (c == '.'
                && self
                    .chars
                    .get(self.at + 1)
                    .is_some_and(char::is_ascii_digit))
        {
            while self
                .chars
                .get(self.at)
                .is_some_and(|c| c.is_ascii_digit() || *c == '.')
            {
                self.at += 1;
            }
            let text: String = self.chars[start..self.at].iter().collect();
            // C# literal suffixes: decimal, long, double, float.
            if self
                .chars
                .get(self.at)
                .is_some_and(|c| "mMlLdDfF".contains(*c))
            {
                self.at += 1;
            }
            let value = parse_f64(&text).ok_or_else(|| ParseError {
                at: start,
                message: format!("invalid number \"{text}\""),
            })?;
            return Ok((Token::Number(value), start));
        }
        if c == '"' {
            self.at += 1;
            let mut text = String::new();
            loop {
                match self.chars.get(self.at) {
                    None => {
                        return Err(ParseError {
                            at: start,
                            message: "unterminated string".to_string(),
                        })
                    }
                    Some('"') => {
                        self.at += 1;
                        return Ok((Token::Text(text), start));
                    }
                    Some('\\') => {
                        let escaped = match self.chars.get(self.at + 1) {
                            Some('n') => '\n',
                            Some('t') => '\t',
                            Some('r') => '\r',
                            Some('0') => '\0',
                            Some(other) => *other,
                            None => {
                                return Err(ParseError {
                                    at: self.at,
                                    message: "unterminated string".to_string(),
                                })
                            }
                        };
                        text.push(escaped);
                        self.at += 2;
                    }
                    Some(other) => {
                        text.push(*other);
                        self.at += 1;
                    }
                }
            }
        }
        if c.is_alphabetic() || c == '_' {
            while self
                .chars
                .get(self.at)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                self.at += 1;
            }
            return Ok((
                Token::Name(self.chars[start..self.at].iter().collect()),
                start,
            ));
        }
        for symbol in SYMBOLS {
            let matches = symbol
                .chars()
                .enumerate()
                .all(|(i, s)| self.chars.get(self.at + i) == Some(&s));
            if matches {
                self.at += symbol.len();
                return Ok((Token::Symbol(symbol), start));
            }
        }
        Err(ParseError {
            at: start,
            message: format!("unexpected character '{c}'"),
        })
    }
}

struct Parser {
    lexer: Lexer,
    token: Token,
    at: usize,
    depth: usize,
}

/// Nesting deeper than this is refused, so parsing never exhausts the stack.
const MAX_NESTING: usize = 64;

/// Parses an expression.
pub fn parse(source: &str) -> Result<Expr, ParseError> {
    if source.chars().count() > MAX_LENGTH {
        return Err(ParseError {
            at: MAX_LENGTH,
            message: format!("the expression is longer than {MAX_LENGTH} characters"),
        });
    }
    let mut parser = Parser {
        lexer: Lexer {
            chars: source.chars().collect(),
            at: 0,
        },
        token: Token::End,
        at: 0,
        depth: 0,
    };
    parser.advance()?;
    let expr = parser.expression()?;
    if parser.token != Token::End {
        return Err(parser.unexpected());
    }
    Ok(expr)
}

impl Parser {
    fn advance(&mut self) -> Result<(), ParseError> {
        let (token, at) = self.lexer.next()?;
        self.token = token;
        self.at = at;
        Ok(())
    }

    fn unexpected(&self) -> ParseError {
        let what = match &self.token {
            Token::End => "end of expression".to_string(),
            Token::Number(n) => format!("the number {}", crate::json::number_text(*n)),
            Token::Text(t) => format!("the string \"{t}\""),
            Token::Name(n) => format!("'{n}'"),
            Token::Symbol(s) => format!("'{s}'"),
        };
        ParseError {
            at: self.at,
            message: format!("unexpected {what}"),
        }
    }

    fn expect(&mut self, symbol: &'static str) -> Result<(), ParseError> {
        if self.token == Token::Symbol(symbol) {
            self.advance()
        } else {
            let mut error = self.unexpected();
            error.message.push_str(&format!(", expected '{symbol}'"));
            Err(error)
        }
    }

    fn expression(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ParseError {
                at: self.at,
                message: format!("nested deeper than {MAX_NESTING} levels"),
            });
        }
        let test = self.binary(1)?;
        let result = if self.token == Token::Symbol("?") {
            self.advance()?;
            let then = self.expression()?;
            self.expect(":")?;
            let otherwise = self.expression()?;
            Expr::Conditional {
                test: Box::new(test),
                then: Box::new(then),
                otherwise: Box::new(otherwise),
            }
        } else {
            test
        };
        self.depth -= 1;
        Ok(result)
    }

    fn operator(&self) -> Option<BinaryOp> {
        let Token::Symbol(symbol) = self.token else {
            return None;
        };
        Some(match symbol {
            "+" => BinaryOp::Add,
            "-" => BinaryOp::Subtract,
            "*" => BinaryOp::Multiply,
            "/" => BinaryOp::Divide,
            "%" => BinaryOp::Remainder,
            "==" => BinaryOp::Equal,
            "!=" => BinaryOp::NotEqual,
            "<" => BinaryOp::Less,
            "<=" => BinaryOp::LessOrEqual,
            ">" => BinaryOp::Greater,
            ">=" => BinaryOp::GreaterOrEqual,
            "&&" => BinaryOp::And,
            "||" => BinaryOp::Or,
            _ => return None,
        })
    }

    fn binary(&mut self, min_precedence: u8) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        while let Some(op) = self
            .operator()
            .filter(|op| op.precedence() >= min_precedence)
        {
            let at = self.at;
            self.advance()?;
            let right = self.binary(op.precedence() + 1)?;
            left = Expr::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
                at,
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        match self.token {
            Token::Symbol("!") => {
                self.advance()?;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Token::Symbol("-") => {
                self.advance()?;
                Ok(Expr::Negate(Box::new(self.unary()?)))
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let at = self.at;
        let token = self.token.clone();
        match token {
            Token::Number(n) => {
                self.advance()?;
                Ok(Expr::Number(n))
            }
            Token::Text(t) => {
                self.advance()?;
                Ok(Expr::Text(t))
            }
            Token::Symbol("(") => {
                self.advance()?;
                let inner = self.expression()?;
                self.expect(")")?;
                Ok(inner)
            }
            Token::Name(name) => {
                self.advance()?;
                match name.as_str() {
                    "null" => return Ok(Expr::Null),
                    "true" => return Ok(Expr::Bool(true)),
                    "false" => return Ok(Expr::Bool(false)),
                    _ => {}
                }
                let side = match name.as_str() {
                    "mv" => Some(Side::Metaverse),
                    "cs" => Some(Side::ConnectedSystem),
                    _ => None,
                };
                if let (Some(side), Token::Symbol("[")) = (side, &self.token) {
                    self.advance()?;
                    let Token::Text(attribute) = self.token.clone() else {
                        let mut error = self.unexpected();
                        error
                            .message
                            .push_str(", expected an attribute name in quotes");
                        return Err(error);
                    };
                    self.advance()?;
                    self.expect("]")?;
                    return Ok(Expr::Attribute {
                        side,
                        name: attribute,
                        at,
                    });
                }
                if self.token != Token::Symbol("(") {
                    return Err(ParseError {
                        at,
                        message: format!(
                            "unknown name '{name}': use mv[\"…\"], cs[\"…\"] or a function call"
                        ),
                    });
                }
                self.advance()?;
                let mut args = Vec::new();
                if self.token != Token::Symbol(")") {
                    loop {
                        args.push(self.expression()?);
                        if self.token == Token::Symbol(",") {
                            self.advance()?;
                        } else {
                            break;
                        }
                    }
                }
                self.expect(")")?;
                Ok(Expr::Call { name, args, at })
            }
            _ => Err(self.unexpected()),
        }
    }
}

impl Expr {
    /// Calls every node of the expression, depth first.
    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Not(inner) | Expr::Negate(inner) => inner.visit(f),
            Expr::Binary { left, right, .. } => {
                left.visit(f);
                right.visit(f);
            }
            Expr::Conditional {
                test,
                then,
                otherwise,
            } => {
                test.visit(f);
                then.visit(f);
                otherwise.visit(f);
            }
            Expr::Call { args, .. } => args.iter().for_each(|a| a.visit(f)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_and_structure() {
        let e = parse("1 + 2 * 3 == 7 && !false ? \"a\" : Trim(cs[\"x\"])").unwrap();
        let Expr::Conditional {
            test, otherwise, ..
        } = e
        else {
            panic!()
        };
        let Expr::Binary {
            op: BinaryOp::And,
            left,
            ..
        } = *test
        else {
            panic!()
        };
        assert!(matches!(
            *left,
            Expr::Binary {
                op: BinaryOp::Equal,
                ..
            }
        ));
        assert!(matches!(*otherwise, Expr::Call { ref name, .. } if name == "Trim"));
    }

    #[test]
    fn errors_carry_positions() {
        assert_eq!(
            parse("Trim(cs[\"x\"]").unwrap_err().to_string(),
            "unexpected end of expression, expected ')' at character 13"
        );
        assert_eq!(parse("cs[x]").unwrap_err().at, 3);
        assert_eq!(parse("1 +").unwrap_err().at, 3);
        assert_eq!(parse("\"open").unwrap_err().message, "unterminated string");
        assert_eq!(
            parse("a + 1").unwrap_err().message,
            "unknown name 'a': use mv[\"…\"], cs[\"…\"] or a function call"
        );
        assert!(parse(&"(".repeat(100))
            .unwrap_err()
            .message
            .contains("nested deeper"));
        assert!(parse(&"1".repeat(10_001))
            .unwrap_err()
            .message
            .contains("longer than 10000"));
    }
}
