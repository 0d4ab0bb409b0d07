package org.sealing.catalog;

/**
 * What happens to a matched row: photographs and prints are destroyed (CPL 160.50(1)(a)), other
 * records sealed, that is masked (160.50(1)(c)).
 */
public enum Action {
    PURGE, MASK
}
