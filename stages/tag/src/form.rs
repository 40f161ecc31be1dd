//! The `form` and `method` of a mention: what kind of surface matched and what found it. Both are
//! written to the `mentions` table as the strings of [`Form::as_str`] and [`Method::as_str`].

use std::fmt;

/// The kind of surface a dictionary alias (and so a mention) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    /// The entity's own name.
    Name,
    /// Another name of an organization or person.
    Alias,
    /// An acronym of an organization ("IMF"), given or defined in the document.
    Acronym,
    /// A country's abbreviation ("U.S.", "UK") or a state's ("Calif.").
    Abbreviation,
    /// A country's adjective or people ("French", "Brazilians").
    Demonym,
    /// A capital city standing for its country ("Beijing").
    Capital,
    /// A state, province or region of a country.
    Subdivision,
    /// A city of the gazetteer.
    City,
    /// A theme's trigger phrase.
    Trigger,
}

impl Form {
    /// Every form, in the order of the enum.
    pub const ALL: [Form; 9] = [
        Form::Name,
        Form::Alias,
        Form::Acronym,
        Form::Abbreviation,
        Form::Demonym,
        Form::Capital,
        Form::Subdivision,
        Form::City,
        Form::Trigger,
    ];

    /// The name written to the `form` column and read from alias files.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Name => "name",
            Form::Alias => "alias",
            Form::Acronym => "acronym",
            Form::Abbreviation => "abbreviation",
            Form::Demonym => "demonym",
            Form::Capital => "capital",
            Form::Subdivision => "subdivision",
            Form::City => "city",
            Form::Trigger => "trigger",
        }
    }

    /// The form of a name as written by [`Form::as_str`]; `None` for any other string.
    pub fn parse(s: &str) -> Option<Form> {
        Form::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What found a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// An alias of a built-in dictionary.
    Dictionary,
    /// An alias of a user's dictionary file.
    User,
    /// An acronym linked to its long form in the document.
    Acronym,
    /// An organization no dictionary knows, found by a pattern (a legal suffix, an organization
    /// word).
    Pattern,
    /// A name found by the learned recognizer.
    Model,
}

impl Method {
    /// Every method, in the order of the enum.
    pub const ALL: [Method; 5] = [
        Method::Dictionary,
        Method::User,
        Method::Acronym,
        Method::Pattern,
        Method::Model,
    ];

    /// The name written to the `method` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Dictionary => "dictionary",
            Method::User => "user",
            Method::Acronym => "acronym",
            Method::Pattern => "pattern",
            Method::Model => "model",
        }
    }

    /// `user` for an entity of a user's file, else `dictionary`.
    pub fn of_entity(user: bool) -> Method {
        if user {
            Method::User
        } else {
            Method::Dictionary
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strings of the `mentions` table, which must not change with the enums.
    #[test]
    fn strings_of_the_table() {
        let forms = [
            (Form::Name, "name"),
            (Form::Alias, "alias"),
            (Form::Acronym, "acronym"),
            (Form::Abbreviation, "abbreviation"),
            (Form::Demonym, "demonym"),
            (Form::Capital, "capital"),
            (Form::Subdivision, "subdivision"),
            (Form::City, "city"),
            (Form::Trigger, "trigger"),
        ];
        assert_eq!(forms.len(), Form::ALL.len());
        for (f, s) in forms {
            assert_eq!(f.as_str(), s);
            assert_eq!(f.to_string(), s);
            assert_eq!(Form::parse(s), Some(f));
        }
        let methods = [
            (Method::Dictionary, "dictionary"),
            (Method::User, "user"),
            (Method::Acronym, "acronym"),
            (Method::Pattern, "pattern"),
            (Method::Model, "model"),
        ];
        assert_eq!(methods.len(), Method::ALL.len());
        for (m, s) in methods {
            assert_eq!(m.as_str(), s);
            assert_eq!(m.to_string(), s);
        }
    }

    #[test]
    fn unknown_forms_are_refused() {
        for s in ["", "Name", "NAME", " name", "names", "trigger\0"] {
            assert_eq!(Form::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn method_of_entity() {
        assert_eq!(Method::of_entity(true), Method::User);
        assert_eq!(Method::of_entity(false), Method::Dictionary);
    }
}
