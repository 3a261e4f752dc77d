// Write an item, then read it by its key
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

public class WriteThenReadExample {
    public static void main(String[] args) {
        try (DynamoDbClient client = DynamoDbClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name of your table.
            String tableName = "Music";

            // Write the item.
            client.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(Map.ofEntries(Map.entry("Artist", AttributeValue.builder().s("Acme Band").build()), Map.entry("SongTitle", AttributeValue.builder().s("Happy Day").build()), Map.entry("AlbumTitle", AttributeValue.builder().s("Songs About Life").build())))
                    .build());

            // Read it back by its full key.
            GetItemResponse response = client.getItem(GetItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.ofEntries(Map.entry("Artist", AttributeValue.builder().s("Acme Band").build()), Map.entry("SongTitle", AttributeValue.builder().s("Happy Day").build())))
                    .build());
            System.out.println(response.item());
        }
    }
}
