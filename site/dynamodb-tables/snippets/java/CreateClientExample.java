// Create a client
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

public class CreateClientExample {
    public static void main(String[] args) {
        DynamoDbClient client = DynamoDbClient.builder()
                .region(Region.US_WEST_2)
                .build();
        client.close();
    }
}
