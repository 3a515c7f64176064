//! Macros for the shapes every parameter builder repeats.

/// Builder setters for optional parameters, one line each, docs carried through:
/// `name(Type)` stores `Some(value)`, `name(into Type)` takes `impl Into<Type>`, and
/// `name(iter Type)` collects any iterator of `Type`. The field has the setter's name.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($($spec:tt)+))*) => {
        $(setter!($(#[$doc])* $name($($spec)+));)*
    };
}

/// One setter of [`setters!`].
macro_rules! setter {
    ($(#[$doc:meta])* $name:ident(into $ty:ty)) => {
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.$name = Some(value.into());
            self
        }
    };
    ($(#[$doc:meta])* $name:ident(iter $ty:ty)) => {
        $(#[$doc])*
        pub fn $name(mut self, value: impl IntoIterator<Item = $ty>) -> Self {
            self.$name = Some(value.into_iter().collect());
            self
        }
    };
    ($(#[$doc:meta])* $name:ident($ty:ty)) => {
        $(#[$doc])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.$name = Some(value);
            self
        }
    };
}

/// A resource path: `format!` with every argument (a SID, a name) percent-encoded as
/// one path segment.
macro_rules! path {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {
        format!($fmt $(, $crate::form::segment($arg.as_str()))*)
    };
}
