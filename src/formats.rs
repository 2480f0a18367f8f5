//! One reader per source shape: each turns one kind of input (a crawler's folder of article
//! files, …) into the same [`Edition`](crate::edition::Edition) model. A reader knows only its
//! own shape's rules; none touches the network.

pub mod articles;
pub mod encoding;
