pub fn fragment(_t: &smtpscope::Transcript) -> String {
    String::new()
}
pub fn standalone(_t: &smtpscope::Transcript) -> String {
    String::new()
}
