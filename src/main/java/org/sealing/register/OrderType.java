package org.sealing.register;

/** A sealing order, or the reversal of one (which repeats the order_id it reverses). */
public enum OrderType {
    SEAL, UNSEAL
}
