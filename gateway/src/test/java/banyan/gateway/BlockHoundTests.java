package banyan.gateway;

import banyan.support.blockhound.BlockHoundInstalled;

/**
 * BlockHound is installed for the whole test suite, so a blocking call on a Reactor or
 * Netty thread anywhere in the gateway's tests fails that test.
 */
class BlockHoundTests extends BlockHoundInstalled {

}
