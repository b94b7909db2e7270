//! `@name` in a query: a saved view's query put in its place. The views come from the log
//! (the team's) and the config file (one person's, which wins over a log's of the same name).

use super::QueryError;
use crate::model::SavedView;
use crate::text;

/// `query` with each `@name` word replaced by that view's query. `views` are searched in
/// order, so list the personal views first.
///
/// ```
/// use annals::filter::expand_views;
/// use annals::model::SavedView;
/// let views = [SavedView { name: "chips".into(), query: "tag:chips since:2025".into() }];
/// assert_eq!(expand_views("@chips huawei", &views).unwrap(), "tag:chips since:2025 huawei");
/// assert!(expand_views("@chip", &views).unwrap_err().to_string().contains("did you mean `@chips`"));
/// ```
pub fn expand(query: &str, views: &[SavedView]) -> Result<String, QueryError> {
    if !query.contains('@') {
        return Ok(query.to_string());
    }
    let mut out = String::with_capacity(query.len());
    let mut rest = query;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        out.push_str(&rest[..start]);
        let word_end = rest[start..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |i| start + i);
        let word = &rest[start..word_end];
        match word.strip_prefix('@') {
            Some(name) if !name.is_empty() => out.push_str(&find(name, views)?.query),
            _ => out.push_str(word),
        }
        rest = &rest[word_end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Whether a query names a saved view.
pub fn uses_views(query: &str) -> bool {
    query
        .split_whitespace()
        .any(|w| w.len() > 1 && w.starts_with('@'))
}

fn find<'v>(name: &str, views: &'v [SavedView]) -> Result<&'v SavedView, QueryError> {
    if let Some(v) = views.iter().find(|v| v.name == name) {
        return Ok(v);
    }
    let hint = match text::nearest(name, views.iter().map(|v| v.name.as_str())) {
        Some(near) => format!("did you mean `@{near}`?"),
        None if views.is_empty() => {
            "there are no saved views: add `[views.NAME] query = \"…\"` to the log or to your config file".to_string()
        }
        None => format!(
            "the saved views are: {}",
            views
                .iter()
                .map(|v| format!("@{}", v.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(QueryError::UnknownView {
        name: name.to_string(),
        hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn views() -> Vec<SavedView> {
        vec![
            SavedView {
                name: "huawei-chips".into(),
                query: "actor:huawei tag:chips".into(),
            },
            SavedView {
                name: "recent".into(),
                query: "since:-6m".into(),
            },
        ]
    }

    #[test]
    fn each_at_name_is_replaced_and_the_rest_kept_as_written() {
        assert_eq!(
            expand("  @huawei-chips  \"two words\" @recent", &views()).unwrap(),
            "  actor:huawei tag:chips  \"two words\" since:-6m"
        );
        assert_eq!(expand("a@b @ x", &views()).unwrap(), "a@b @ x");
        assert!(uses_views("x @recent"));
        assert!(!uses_views("a@b @"));
    }

    #[test]
    fn an_unknown_view_is_an_error_with_did_you_mean_or_the_list() {
        let err = expand("@huawei-chip", &views()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no saved view is called `@huawei-chip`; did you mean `@huawei-chips`?"
        );
        let err = expand("@zzzzzzzz", &views()).unwrap_err();
        assert!(err.to_string().contains("@huawei-chips, @recent"), "{err}");
        let err = expand("@x", &[]).unwrap_err();
        assert!(
            err.to_string().contains("there are no saved views"),
            "{err}"
        );
    }
}
