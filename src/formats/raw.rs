//! unmarked telnet/netcat session (stub; replaced by the real framer).

use super::{Format, Frame, FrameKind};
use crate::input::Line;
use crate::model::Diagnostic;

pub struct Raw;

impl Format for Raw {
    fn name(&self) -> &'static str {
        "raw"
    }
    fn description(&self) -> &'static str {
        "unmarked telnet/netcat session"
    }
    fn detect(&self, _lines: &[Line<'_>]) -> u8 {
        0
    }
    fn frame<'a>(
        &self,
        lines: &[Line<'a>],
        out: &mut Vec<Frame<'a>>,
        _diags: &mut Vec<Diagnostic>,
    ) {
        for l in lines {
            out.push(Frame::new(
                l.number,
                FrameKind::Unparsed("stub".into()),
                l.text,
            ));
        }
    }
}
